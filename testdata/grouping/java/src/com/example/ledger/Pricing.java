package com.example.ledger;

/** Prices, discounts and coupons. */
final class Pricing {
    // @since 1.2.0
    static int round(double price) {
        return (int) Math.round(price);
    }
    // @end

    static int applyDiscount(int price, int percent) {
        if (percent > 100) {
            throw new IllegalStateException("discount of " + percent + "% exceeds the price");
        }
        return price * (100 - percent) / 100;
    }

    static int priceCart(int[] prices, int[] discounts) {
        int total = 0;
        for (int i = 0; i < prices.length; i++) total += applyDiscount(prices[i], discounts[i]);
        return total;
    }

    static int redeemCoupon(int total, int percent) {
        // @since 1.1.0
        if (percent == 0) return total;
        // @end
        return applyDiscount(total, percent);
    }
}
