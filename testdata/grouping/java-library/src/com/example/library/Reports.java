package com.example.library;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Reports the librarians print. */
final class Reports {
    /** overdue-lambda: a loan whose book was withdrawn. */
    static List<String> overdueReport(List<Loan> loans, LocalDate today) {
        List<String> lines = new ArrayList<>();
        loans.forEach(l -> {
            if (l.due.isBefore(today)) lines.add(l.book.title.toUpperCase());
        });
        return lines;
    }

    /** renew-lambda: a loan without a due date (lost in migration). */
    static List<LocalDate> renewAll(List<Loan> loans) {
        return loans.stream().map(l -> l.due.plusDays(14)).collect(Collectors.toList());
    }

    static String overdueLetter(Loan loan) {
        return "Dear " + loan.member.getDisplayName() + ", please return " + loan.book.title;
    }

    // @since 1.2.0
    static String header(String title) {
        return "== " + title + " ==";
    }
    // @end

    /** birthday: members' birthdays as imported from the old system. */
    static List<LocalDate> birthdays(List<Member> members) {
        List<LocalDate> out = new ArrayList<>();
        for (Member m : members) out.add(LocalDate.parse(m.getBirthday()));
        return out;
    }
}
