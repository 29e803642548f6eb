package com.clickstream.attribution.core.cli;

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
}
