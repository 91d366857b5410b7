package com.example.library;

import java.util.ArrayList;
import java.util.List;

/** Shelf slots by call number. */
final class Shelves {
    private final List<String> slots = new ArrayList<>();

    Shelves(int n) {
        for (int i = 0; i < n; i++) slots.add("slot-" + i);
    }

    /** shelf-index: a call number past the last shelf. */
    String slot(int callNumber) {
        return slots.get(callNumber / 100);
    }
}
