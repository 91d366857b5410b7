package com.example.ledger;

/** Shelf slots. */
final class Stock {
    private static final int[] SLOTS = new int[4];

    static void put(int index, int value) {
        SLOTS[index] = value;
    }

    // @since 1.1.0
    static int free() {
        int n = 0;
        for (int s : SLOTS) if (s == 0) n++;
        return n;
    }
    // @end

    static int reserve(int seat) {
        put(seat, 1);
        return seat;
    }

    static int restock(int from, int count) {
        for (int i = 0; i < count; i++) put(from + i, 7);
        return count;
    }
}
