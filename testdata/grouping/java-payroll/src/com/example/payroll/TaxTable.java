package com.example.payroll;

/** Income tax brackets (per 10,000 of yearly income). */
final class TaxTable {
    private static final int[] RATES = {0, 10, 15, 20, 25, 30, 35, 40, 42};

    static int rateFor(long yearlyIncome) {
        return RATES[(int) (yearlyIncome / 10_000)];
    }

    static long tax(long monthly) {
        return monthly * rateFor(monthly * 12) / 100;
    }
}
