package com.example.shop;

import java.util.ArrayList;
import java.util.List;

/** A shopping cart; items are priced through {@link Pricing}. */
public class Cart {
    /** One cart line. */
    static class Item {
        final String name;
        final int quantity;
        final int unitPrice;

        Item(String name, int quantity, int unitPrice) {
            if (unitPrice < 0) {
                throw new IllegalArgumentException("no price for " + name);
            }
            this.name = name;
            this.quantity = quantity;
            this.unitPrice = unitPrice;
        }

        String label() {
            return name.toUpperCase() + " x" + quantity;
        }
    }

    /** Renders the cart; an inner (non-static) class that reads the outer cart. */
    class Receipt {
        String render() {
            StringBuilder sb = new StringBuilder();
            for (Item item : items) {
                sb.append(item.label()).append('\n');
            }
            return sb.append("total ").append(total()).toString();
        }
    }

    private final List<Item> items = new ArrayList<>();
    private final Inventory inventory;

    Cart(Inventory inventory) {
        this.inventory = inventory;
    }

    void add(String name) {
        add(name, 1);
    }

    void add(String name, int quantity) {
        add(new Item(name, quantity, inventory.priceOf(name)));
    }

    void add(Item item) {
        if (item.quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + item.quantity);
        }
        items.add(item);
    }

    List<Item> items() {
        return items;
    }

    int total() {
        int sum = 0;
        for (Item item : items) {
            sum += Pricing.lineTotal(item.quantity, item.unitPrice);
        }
        return sum;
    }

    int averagePrice() {
        int[] prices = new int[items.size()];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = items.get(i).unitPrice;
        }
        return Pricing.average(prices);
    }

    String describe() {
        return new Receipt().render();
    }
}
