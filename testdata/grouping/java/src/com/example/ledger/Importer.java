package com.example.ledger;

import java.util.Arrays;
import java.util.List;

/** Imports order lines and settings. */
final class Importer {
    static int parseQuantity(String field) {
        return Integer.parseInt(field.trim());
    }

    static int importLine(String line) {
        String[] fields = line.split(";");
        // @since 1.1.0
        if (fields.length < 2) return 0;
        // @end
        return parseQuantity(fields[1]);
    }

    // @since 1.2.0
    static boolean isComment(String line) {
        return line.startsWith("#");
    }
    // @end

    static int reloadSettings(String text) {
        List<String> lines = Arrays.asList(text.split("\n"));
        return lines.stream().mapToInt(l -> parseQuantity(l.substring(l.indexOf('=') + 1))).sum();
    }
}
