package com.example.shop;

/** Places orders against the inventory. */
class OrderService {
    private final Inventory inventory;

    OrderService(Inventory inventory) {
        this.inventory = inventory;
    }

    void checkout(Cart cart) {
        try {
            reserve(cart);
        } catch (OutOfStockException e) {
            throw new IllegalStateException("checkout failed", e);
        }
    }

    private void reserve(Cart cart) {
        for (Cart.Item item : cart.items()) {
            inventory.take(item.name, item.quantity);
        }
    }

    int applyCoupon(Cart cart, String coupon) {
        try {
            return Pricing.discount(cart.total(), coupon);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad coupon " + coupon, e);
        }
    }
}
