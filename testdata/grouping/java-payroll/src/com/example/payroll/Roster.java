package com.example.payroll;

import java.util.ArrayList;
import java.util.List;

/** Who is on this month's payroll. */
final class Roster {
    final List<Employee> employees = new ArrayList<>();

    void removeLeavers() {
        for (Employee e : employees) {
            if (e.leaving) employees.remove(e);
        }
    }
}
