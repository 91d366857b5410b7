package com.example.library;

/** Argument checks in the style of Guava's Preconditions. */
final class Check {
    private Check() {}

    static <T> T notNull(T reference, String what) {
        if (reference == null) {
            throw new NullPointerException(what + " must not be null");
        }
        return reference;
    }

    static void state(boolean expression, String message) {
        if (!expression) {
            throw new IllegalStateException(message);
        }
    }
}
