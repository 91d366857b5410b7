package com.example.library;

import java.time.LocalDate;

/** One book lent to one member. */
final class Loan {
    final Book book;
    final Member member;
    final LocalDate due;

    Loan(Book book, Member member, LocalDate due) {
        this.book = book;
        this.member = member;
        this.due = due;
    }
}
