package com.example.payroll;

/** Payslips and expense reimbursements. */
final class Payslip {
    static long net(long gross, long deductions) {
        return Validate.positive(gross - TaxTable.tax(gross) - deductions, "net pay");
    }

    static long reimburse(long claimed, long advance) {
        return Validate.positive(claimed - advance, "reimbursement");
    }

    static String render(Employee e, long gross, long deductions) {
        return e.name + ": " + net(gross, deductions);
    }
}
