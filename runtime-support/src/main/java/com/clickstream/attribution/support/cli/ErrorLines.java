package com.clickstream.attribution.support.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Errors as the one line every command line of the pipeline prints on stderr instead of a stack trace
 * (docs/command-line.md): the message of the exception and of each cause that adds something.
 */
public final class ErrorLines {

    private ErrorLines() {
    }

    /**
     * {@code e} as one line: its message and its causes' (each only if not already contained), joined by
     * ": ", whitespace collapsed; the class's simple name stands in for a missing message.
     */
    public static String describe(Throwable e) {
        StringBuilder line = new StringBuilder();
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String message = oneLine(t.getMessage() == null || t.getMessage().isBlank()
                    ? t.getClass().getSimpleName() : t.getMessage());
            if (line.indexOf(message) < 0) {
                line.append(line.length() == 0 ? "" : ": ").append(message);
            }
        }
        return line.toString();
    }

    /** {@code text} on one line: every run of whitespace (newlines included) becomes one space; null is "". */
    public static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }

    /**
     * The known name closest to a mistyped one (case-insensitive edit distance of at most 3), for a
     * "did you mean ...?" hint; empty when nothing is that close.
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        return known.stream()
                .min(Comparator.comparingInt((String k) -> editDistance(k.toLowerCase(Locale.ROOT), t))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(k -> editDistance(k.toLowerCase(Locale.ROOT), t) <= 3);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                current[j] = Math.min(previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1),
                        Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
