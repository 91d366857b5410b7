// Stock and reservations.
export function allocateSlots(count) {
  const slots = new Array(count);
  slots.fill(0);
  return slots;
}

// @since 1.1.0
export function stockValue(sku, price) {
  return sku.stock * price;
}
// @end

export function restock(sku, delta) {
  const target = sku.stock + delta;
  return { sku: sku.sku, slots: allocateSlots(target) };
}

export function reserve(sku, wanted) {
  const free = sku.stock - wanted;
  const slots = allocateSlots(free);
  return slots.length;
}
