package com.example.library;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;

/**
 * A library lending app. {@code java -jar app.jar BUG PATH DEPTH} reaches bug
 * BUG through caller path PATH (1 or 2) after DEPTH levels of the branch
 * walker; the crash handler ({@link CrashHandler}) reports the uncaught
 * exception.
 */
public final class App {
    static final String RELEASE = "@RELEASE@";

    interface Action {
        Object run();
    }

    static final Book DUNE = new Book("978-0441172719", "Dune", 2);
    static final Member ANN = new Member(1, " Ann ", "1990-04-01");
    static final Member NAMELESS = new Member(2, null, "04/01/1990");

    public static void main(String[] args) {
        CrashHandler.install(RELEASE);
        if (args.length != 3) {
            System.err.println("usage: app BUG PATH DEPTH");
            System.exit(2);
        }
        Action action = route(args[0], Integer.parseInt(args[1]));
        System.out.println(Branches.visit(Integer.parseInt(args[2]), action));
    }

    static Object deskCheckout() {
        return Circulation.receipt(Circulation.checkout(DUNE, NAMELESS));
    }

    static Object remindOverdue() {
        Loan loan = new Loan(DUNE, NAMELESS, LocalDate.of(2026, 1, 2));
        return Reports.overdueLetter(loan);
    }

    static Object selfServiceKiosk(Member member) {
        return Circulation.checkout(DUNE, member);
    }

    static Action route(String bug, int path) {
        switch (bug + "/" + path) {
            case "getter-npe/1": return App::deskCheckout;
            case "getter-npe/2": return App::remindOverdue;
            case "overdue-lambda/1":
                return () -> Reports.overdueReport(
                        Arrays.asList(new Loan(new Book("x", null, 1), ANN, LocalDate.of(2026, 1, 1))),
                        LocalDate.of(2026, 2, 1));
            case "overdue-lambda/2":
                return () -> Reports.overdueReport(Arrays.asList(
                        new Loan(DUNE, ANN, LocalDate.of(2026, 1, 5)),
                        new Loan(new Book("y", null, 1), ANN, LocalDate.of(2026, 1, 6))), LocalDate.of(2026, 3, 1));
            case "renew-lambda/1": return () -> Reports.renewAll(Arrays.asList(new Loan(DUNE, ANN, null)));
            case "renew-lambda/2":
                return () -> Reports.renewAll(Arrays.asList(
                        new Loan(DUNE, ANN, LocalDate.of(2026, 4, 1)), new Loan(DUNE, NAMELESS, null)));
            case "checkout-null/1": return () -> selfServiceKiosk(null);
            case "checkout-null/2": return () -> Circulation.checkout(DUNE, null);
            case "hold-null/1": return () -> Circulation.placeHold(null, ANN);
            case "hold-null/2":
                return () -> {
                    for (String isbn : new String[] {"978-0441172719", "000"}) {
                        Circulation.placeHold("000".equals(isbn) ? null : DUNE, ANN);
                    }
                    return Circulation.HOLDS;
                };
            case "shelf-index/1": return () -> new Shelves(3).slot(450);
            case "shelf-index/2": return () -> new Shelves(5).slot(120) + new Shelves(1).slot(999);
            case "holds-index/1": return Circulation::nextHold;
            case "holds-index/2":
                return () -> {
                    Collections.sort(Circulation.HOLDS);
                    return Circulation.nextHold();
                };
            case "due-date/1": return () -> Circulation.parseDue("2026-13-01");
            case "due-date/2": return () -> Circulation.parseDue("next friday").plusDays(1);
            case "birthday/1": return () -> Reports.birthdays(Arrays.asList(ANN, NAMELESS));
            case "birthday/2": return () -> Reports.birthdays(Collections.singletonList(NAMELESS)).size();
            default:
                System.err.println("unknown bug or path");
                System.exit(2);
                return null;
        }
    }
}
