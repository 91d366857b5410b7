package com.example.payroll;

import java.util.HashMap;
import java.util.Map;

/** Monthly salaries by employee id. */
final class Ledger {
    private final Map<String, Long> salaries = new HashMap<>();

    Ledger() {
        salaries.put("e1", 4_200L);
        salaries.put("e2", 5_100L);
        salaries.put("e3", 9_900L);
    }

    long salaryOf(String employeeId) {
        return salaries.get(employeeId);
    }

    void raise(String employeeId, int percent) {
        salaries.put(employeeId, salaryOf(employeeId) * (100 + percent) / 100);
    }
}
