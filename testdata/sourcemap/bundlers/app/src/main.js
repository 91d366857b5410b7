// Entry point: each scenario ends in a different throw. Everything is
// re-exported so that minifiers keep every function as its own scope.
import { api, handlers, withRetry } from "./api.js";
import { Cart } from "./cart.js";
import { firstTag, formatLine, formatPrice, slugify } from "./format.js";

const scenarios = {
  noOwner: () => new Cart(""),
  badQuantity: () => new Cart("ada").addItem("Green Tea", 350, 0),
  badJson: () => Cart.fromJSON('{"owner":"ada","items":[{"name":"Mug","cents":900,"quantity":-1}]}'),
  negativePrice: () => new Cart("ada").addItem("Refund", -500, 1).total,
  badPrice: () => new Cart("ada").addItem("Gift", NaN, 1).describe(),
  badSlug: () => new Cart("ada").addItem(42, 100, 1),
  noTags: () => firstTag({ tags: [] }),
  badPath: () => api.buildUrl("carts", {}),
  badQuery: () => api.buildUrl("/search", null),
  offline: () => api.fetchCart(7),
  emptyCheckout: () => handlers.checkout(new Cart("ada")),
  retry: () => withRetry((n) => formatPrice("n" + n), 2),
};

export function main(name) {
  const scenario = scenarios[name];
  if (!scenario) {
    throw new Error("main: unknown scenario " + name);
  }
  return scenario();
}

export { Cart, api, handlers, withRetry, firstTag, formatLine, formatPrice, slugify };
