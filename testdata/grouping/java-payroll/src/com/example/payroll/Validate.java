package com.example.payroll;

/** Argument validation shared by the payroll modules. */
final class Validate {
    private Validate() {}

    static long positive(long amount, String what) {
        if (amount < 0) {
            throw new IllegalArgumentException(what + " is negative: " + amount);
        }
        return amount;
    }
}
