// Prices, discounts and coupons.
export class ValidationError extends Error {
  constructor(message) {
    super(message);
    this.name = "ValidationError";
  }
}

// @since 1.2.0
export function roundPrice(price) {
  return Math.round(price * 100) / 100;
}
// @end

export function applyDiscount(price, percent) {
  if (percent > 100) throw new ValidationError(`discount of ${percent}% exceeds the price`);
  return (price * (100 - percent)) / 100;
}

export function priceCart(cart) {
  return cart.items.reduce((sum, item) => sum + applyDiscount(item.price, item.discount), 0);
}

export function redeemCoupon(cart, coupon) {
  // @since 1.1.0
  if (!coupon.code) return cart.total;
  // @end
  return applyDiscount(cart.total, coupon.percent);
}
