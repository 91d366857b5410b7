package com.example.payroll;

import java.util.List;
import java.util.stream.Collectors;

/** Exports of transfers for the bank. */
final class Bank {
    static String exportTransfers(List<Employee> employees) {
        return employees.stream()
                .map(e -> e.iban.replace(" ", "") + ";" + e.id)
                .collect(Collectors.joining("\n"));
    }
}
