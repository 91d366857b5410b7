// A class with a constructor, instance methods, a getter and a static
// method; a named callback and an anonymous arrow callback.
import { formatLine, formatPrice, slugify } from "./format.js";

export class Cart {
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
    const cart = new Cart(data.owner);
    data.items.forEach((item) => {
      cart.addItem(item.name, item.cents, item.quantity);
    });
    return cart;
  }
}
