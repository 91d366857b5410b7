// Address and label formatting.
// @since 1.2.0
import { slugify } from "./util.js";

const COUNTRY_NAMES = { de: "Germany", fr: "France", us: "United States" };

export function countryName(code) {
  return COUNTRY_NAMES[code] ?? slugify(code).toUpperCase();
}
// @end

export function formatAddress(customer) {
  const name = customer.name.trim();
  // @since 1.1.0
  if (name.length > 40) throw new Error("name too long");
  // @end
  const address = customer.address;
  return `${name}\n${address.street}\n${address.zip} ${address.city}`;
}

export function formatLabel(order, address) {
  return `#${order.id}\n${address}`;
}
