package com.example.payroll;

import java.util.ArrayList;
import java.util.List;

/** Consistency checks before a payroll run is released. */
final class Audit {
    static List<String> departmentsOf(List<Employee> employees) {
        List<String> codes = new ArrayList<>();
        employees.forEach(e -> codes.add(e.department.code));
        return codes;
    }
}
