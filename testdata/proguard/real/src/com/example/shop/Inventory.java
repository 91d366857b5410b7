package com.example.shop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stock levels and prices. */
class Inventory {
    private final Map<String, Integer> stock = new LinkedHashMap<>();
    private final Map<String, Integer> prices = new LinkedHashMap<>();
    private final String[] shelf = {"apple", "pear", "plum"};

    Inventory() {
        put("apple", 10, 3);
        put("pear", 5, 4);
        put("plum", 0, 2);
    }

    private void put(String name, int count, int price) {
        stock.put(name, count);
        prices.put(name, price);
    }

    int priceOf(String name) {
        Integer price = prices.get(name);
        return price == null ? -1 : price;
    }

    String slot(int index) {
        return shelf[index];
    }

    void restockAll(List<String> names, int quantity) {
        names.forEach(name -> restock(name, quantity));
    }

    private void restock(String name, int quantity) {
        if (quantity < 0) {
            throw new IllegalArgumentException("negative restock of " + name + ": " + quantity);
        }
        stock.merge(name, quantity, Integer::sum);
    }

    void take(String name, int quantity) {
        int have = stock.getOrDefault(name, 0);
        if (have < quantity) {
            throw new OutOfStockException(name, quantity, have);
        }
        stock.put(name, have - quantity);
    }

    List<String> sortedByStock(List<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(new Comparator<String>() {
            @Override
            public int compare(String a, String b) {
                return Integer.compare(count(a), count(b));
            }
        });
        return sorted;
    }

    private int count(String name) {
        Integer n = stock.get(name);
        if (n == null) {
            throw new UnsupportedOperationException("not stocked: " + name);
        }
        return n;
    }
}
