package com.example.payroll;

import java.util.Arrays;
import java.util.Collections;

/**
 * A payroll app. {@code java -jar app.jar BUG PATH DEPTH} runs the job that
 * reaches bug BUG through caller path PATH (1 or 2), DEPTH levels into the
 * cost-centre walker; the crash handler reports the uncaught exception.
 */
public final class App {
    static final String RELEASE = "@RELEASE@";

    interface Action {
        Object run();
    }

    static final Employee.Department SALES = new Employee.Department("S");
    static final Employee ANN = new Employee("e1", "Ann", "DE89 3704 0044 0532 0130 00", SALES, false);
    static final Employee BOB = new Employee("e2", "Bob", null, null, true);
    static final Employee CEO = new Employee("e3", "Cy", "DE02 1203 0000 0000 2020 51", SALES, false);

    public static void main(String[] args) {
        CrashHandler.install(RELEASE);
        if (args.length != 3) {
            System.err.println("usage: app BUG PATH DEPTH");
            System.exit(2);
        }
        Action action = job(args[0], Integer.parseInt(args[1]));
        System.out.println(CostCentres.walk(Integer.parseInt(args[2]), action));
    }

    static Object monthlyRun() {
        long total = 0;
        for (long gross : new long[] {4_200, 9_900}) total += TaxTable.tax(gross);
        return total;
    }

    static Object bonusPayout() {
        return TaxTable.tax(125_000);
    }

    static Object payslips() {
        Ledger ledger = new Ledger();
        return Payslip.render(ANN, ledger.salaryOf("e9"), 0);
    }

    static Object annualRaise() {
        Ledger ledger = new Ledger();
        for (String id : new String[] {"e1", "e2", "e4"}) ledger.raise(id, 3);
        return ledger;
    }

    static Action job(String bug, int path) {
        switch (bug + "/" + path) {
            case "tax-bracket/1": return App::monthlyRun;
            case "tax-bracket/2": return App::bonusPayout;
            case "missing-employee/1": return App::payslips;
            case "missing-employee/2": return App::annualRaise;
            case "negative-net/1": return () -> Payslip.render(ANN, 4_200, 5_000);
            case "negative-net/2": return () -> Payslip.net(1_000, 1_200);
            case "negative-expense/1": return () -> Payslip.reimburse(100, 250);
            case "negative-expense/2":
                return () -> {
                    long sum = 0;
                    for (long[] c : new long[][] {{300, 100}, {50, 80}}) sum += Payslip.reimburse(c[0], c[1]);
                    return sum;
                };
            case "iban-lambda/1": return () -> Bank.exportTransfers(Arrays.asList(ANN, BOB));
            case "iban-lambda/2": return () -> Bank.exportTransfers(Collections.singletonList(BOB)).length();
            case "audit-lambda/1": return () -> Audit.departmentsOf(Arrays.asList(ANN, BOB, CEO));
            case "audit-lambda/2": return () -> Audit.departmentsOf(Collections.singletonList(BOB)).size();
            case "leavers/1":
                return () -> {
                    Roster r = new Roster();
                    r.employees.addAll(Arrays.asList(ANN, BOB, CEO, ANN));
                    r.removeLeavers();
                    return r.employees.size();
                };
            case "leavers/2":
                return () -> {
                    Roster r = new Roster();
                    r.employees.addAll(Arrays.asList(BOB, ANN, CEO, BOB));
                    r.removeLeavers();
                    return r.employees;
                };
            case "hours/1": return () -> Timesheet.parseHours("e1; 7.5");
            case "hours/2": return () -> Arrays.stream(new String[] {"e1;8", "e2;n/a"}).mapToInt(Timesheet::parseHours).sum();
            default:
                System.err.println("unknown bug or path");
                System.exit(2);
                return null;
        }
    }
}
