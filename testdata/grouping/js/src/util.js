// Shared helpers.

// Walks a category tree depth first and runs `visit` at its leaf.
export function walkCategories(node, visit) {
  if (node.children.length === 0) return visit(node);
  const results = [];
  for (const child of node.children) results.push(walkCategories(child, visit));
  return results.flat();
}

// @since 1.1.0
export function slugify(text) {
  return String(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
// @end

export function money(cents) {
  return (cents / 100).toFixed(2);
}
