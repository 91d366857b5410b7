package com.example.payroll;

/** Hours from the time-tracking export ("id;hours"). */
final class Timesheet {
    static int parseHours(String line) {
        return Integer.parseInt(line.substring(line.indexOf(';') + 1).trim());
    }
}
