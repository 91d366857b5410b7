package com.example.shop;

/** Static pricing helpers. */
final class Pricing {
    private Pricing() {
    }

    static int lineTotal(int quantity, int unitPrice) {
        return quantity * unitPrice;
    }

    static int average(int[] prices) {
        return sum(prices) / prices.length;
    }

    private static int sum(int[] values) {
        int s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }

    static int discount(int amount, String percent) {
        return amount - amount * parsePercent(percent) / 100;
    }

    private static int parsePercent(String percent) {
        return Integer.parseInt(percent.trim());
    }
}
