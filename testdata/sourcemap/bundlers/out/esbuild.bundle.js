var App = (() => {
  var __create = Object.create;
  var __defProp = Object.defineProperty;
  var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __getProtoOf = Object.getPrototypeOf;
  var __hasOwnProp = Object.prototype.hasOwnProperty;
  var __commonJS = (cb, mod) => function __require() {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  };
  var __export = (target, all) => {
    for (var name in all)
      __defProp(target, name, { get: all[name], enumerable: true });
  };
  var __copyProps = (to, from, except, desc) => {
    if (from && typeof from === "object" || typeof from === "function") {
      for (let key of __getOwnPropNames(from))
        if (!__hasOwnProp.call(to, key) && key !== except)
          __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
    }
    return to;
  };
  var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
    // If the importer is in node compatibility mode or this is not an ESM
    // file that has been converted to a CommonJS file using a Babel-
    // compatible transform (i.e. "__esModule" has not been set), then set
    // "default" to the CommonJS "module.exports" for node compatibility.
    isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
    mod
  ));
  var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

  // app/node_modules/fake-lib/index.js
  var require_fake_lib = __commonJS({
    "app/node_modules/fake-lib/index.js"(exports, module) {
      "use strict";
      module.exports.parseQuery = function(query) {
        if (query === null || typeof query !== "object") {
          throw new TypeError("fake-lib: query must be an object");
        }
        return Object.keys(query).map(function encodePair(key) {
          return encodeURIComponent(key) + "=" + encodeURIComponent(query[key]);
        });
      };
    }
  });

  // app/src/main.js
  var main_exports = {};
  __export(main_exports, {
    Cart: () => Cart,
    api: () => api,
    firstTag: () => firstTag,
    formatLine: () => formatLine,
    formatPrice: () => formatPrice,
    handlers: () => handlers,
    main: () => main,
    slugify: () => slugify,
    withRetry: () => withRetry
  });

  // app/src/api.js
  var import_fake_lib = __toESM(require_fake_lib());
  var api = {
    baseUrl: "https://shop.example",
    buildUrl(path, query) {
      if (!path.startsWith("/")) {
        throw new Error("api.buildUrl: path must start with /, got " + path);
      }
      return this.baseUrl + path + "?" + (0, import_fake_lib.parseQuery)(query).join("&");
    },
    fetchCart: function(id) {
      const url = this.buildUrl("/carts/" + id, { fields: "all" });
      throw new Error("api.fetchCart: offline, cannot GET " + url);
    }
  };
  var handlers = {};
  handlers.checkout = function(cart) {
    if (cart.items.length === 0) {
      throw new Error("checkout: the cart is empty");
    }
    return api.buildUrl("/checkout", { owner: cart.owner, total: cart.total });
  };
  function withRetry(task, attempts) {
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

  // app/src/format.js
  function formatPrice(cents, currency) {
    if (!Number.isFinite(cents)) {
      throw new TypeError("formatPrice: cents must be a finite number, got " + cents);
    }
    const units = (cents / 100).toFixed(2);
    return currency === "EUR" ? units + " EUR" : "$" + units;
  }
  var slugify = (text) => {
    if (typeof text !== "string") {
      throw new TypeError("slugify: expected a string, got " + typeof text);
    }
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  };
  var firstTag = (item) => item.tags[0].toUpperCase();
  var formatLine = function(item) {
    const price = formatPrice(item.cents, item.currency);
    return item.quantity + " x " + item.name + " @ " + price;
  };

  // app/src/cart.js
  var Cart = class _Cart {
    constructor(owner) {
      if (!owner) {
        throw new Error("Cart: an owner is required");
      }
      this.owner = owner;
      this.items = [];
    }
    addItem(name, cents, quantity) {
      if (!(quantity > 0)) {
        throw new RangeError("Cart.addItem: quantity must be positive, got " + quantity);
      }
      this.items.push({ name, cents, quantity, sku: slugify(name) });
      return this;
    }
    get total() {
      return this.items.reduce(function sumLine(sum, item) {
        if (item.cents < 0) {
          throw new RangeError("negative price for " + item.name);
        }
        return sum + item.cents * item.quantity;
      }, 0);
    }
    describe() {
      const lines = this.items.map(formatLine);
      return lines.join("\n") + "\nTotal: " + formatPrice(this.total);
    }
    static fromJSON(json) {
      const data = JSON.parse(json);
      const cart = new _Cart(data.owner);
      data.items.forEach((item) => {
        cart.addItem(item.name, item.cents, item.quantity);
      });
      return cart;
    }
  };

  // app/src/main.js
  var scenarios = {
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
    retry: () => withRetry((n) => formatPrice("n" + n), 2)
  };
  function main(name) {
    const scenario = scenarios[name];
    if (!scenario) {
      throw new Error("main: unknown scenario " + name);
    }
    return scenario();
  }
  return __toCommonJS(main_exports);
})();
//# sourceMappingURL=esbuild.bundle.js.map
