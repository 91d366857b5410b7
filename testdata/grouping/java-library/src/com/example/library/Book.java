package com.example.library;

/** A book and its copies. */
final class Book {
    final String isbn;
    final String title;
    final int copies;

    Book(String isbn, String title, int copies) {
        this.isbn = isbn;
        this.title = title;
        this.copies = copies;
    }
}
