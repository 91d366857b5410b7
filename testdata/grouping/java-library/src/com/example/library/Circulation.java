package com.example.library;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Lending, holds and returns. */
final class Circulation {
    static final List<Loan> LOANS = new ArrayList<>();
    static final List<String> HOLDS = new ArrayList<>();

    // @since 1.1.0
    static int lent;
    // @end

    /** checkout-null: a checkout at the desk without a member card. */
    static Loan checkout(Book book, Member member) {
        Check.notNull(member, "member");
        Check.state(book.copies > 0, "no copies of " + book.isbn);
        Loan loan = new Loan(book, member, LocalDate.of(2026, 3, 1).plusDays(21));
        LOANS.add(loan);
        // @since 1.1.0
        lent++;
        // @end
        return loan;
    }

    /** hold-null: a hold for a book that is not in the catalog. */
    static int placeHold(Book book, Member member) {
        Check.notNull(book, "book");
        HOLDS.add(book.isbn + ":" + member.id);
        return HOLDS.size();
    }

    /** holds-index: the next hold of an empty queue. */
    static String nextHold() {
        return HOLDS.get(0);
    }

    /** due-date: a due date typed by hand. */
    static LocalDate parseDue(String text) {
        return LocalDate.parse(text);
    }

    static String receipt(Loan loan) {
        return loan.member.getDisplayName() + " borrowed " + loan.book.title + " until " + loan.due;
    }
}
