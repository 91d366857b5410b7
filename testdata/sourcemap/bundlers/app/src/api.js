// Object-literal methods, a function expression assigned to a member
// expression, and a nested function declaration. `fake-lib` is a
// dependency under node_modules (not app code).
import { parseQuery } from "fake-lib";

export const api = {
  baseUrl: "https://shop.example",
  buildUrl(path, query) {
    if (!path.startsWith("/")) {
      throw new Error("api.buildUrl: path must start with /, got " + path);
    }
    return this.baseUrl + path + "?" + parseQuery(query).join("&");
  },
  fetchCart: function (id) {
    const url = this.buildUrl("/carts/" + id, { fields: "all" });
    throw new Error("api.fetchCart: offline, cannot GET " + url);
  },
};

export const handlers = {};

handlers.checkout = function (cart) {
  if (cart.items.length === 0) {
    throw new Error("checkout: the cart is empty");
  }
  return api.buildUrl("/checkout", { owner: cart.owner, total: cart.total });
};

export function withRetry(task, attempts) {
  function attempt(n) {
    try {
      return task(n);
    } catch (err) {
      if (n >= attempts) {
        throw new Error("withRetry: gave up after " + n + " attempts: " + err.message);
      }
      return attempt(n + 1);
    }
  }
  return attempt(1);
}
