package com.example.payroll;

/** An employee as the HR system exports them. */
final class Employee {
    final String id;
    final String name;
    final String iban;
    final Department department;
    final boolean leaving;

    Employee(String id, String name, String iban, Department department, boolean leaving) {
        this.id = id;
        this.name = name;
        this.iban = iban;
        this.department = department;
        this.leaving = leaving;
    }

    static final class Department {
        final String code;

        Department(String code) {
            this.code = code;
        }
    }
}
