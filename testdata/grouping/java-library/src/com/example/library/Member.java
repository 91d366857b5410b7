package com.example.library;

/** A library member. */
final class Member {
    final int id;
    private final String name;
    private final String birthday;

    Member(int id, String name, String birthday) {
        this.id = id;
        this.name = name;
        this.birthday = birthday;
    }

    /** getter-npe: members imported without a name. */
    String getDisplayName() {
        return name.trim();
    }

    String getBirthday() {
        return birthday;
    }
}
