// Formatting helpers: a function declaration, arrows with block and
// expression bodies, and a function expression assigned to a const.

export function formatPrice(cents, currency) {
  if (!Number.isFinite(cents)) {
    throw new TypeError("formatPrice: cents must be a finite number, got " + cents);
  }
  const units = (cents / 100).toFixed(2);
  return currency === "EUR" ? units + " EUR" : "$" + units;
}

export const slugify = (text) => {
  if (typeof text !== "string") {
    throw new TypeError("slugify: expected a string, got " + typeof text);
  }
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
};

export const firstTag = (item) => item.tags[0].toUpperCase();

export const formatLine = function (item) {
  const price = formatPrice(item.cents, item.currency);
  return item.quantity + " x " + item.name + " @ " + price;
};
