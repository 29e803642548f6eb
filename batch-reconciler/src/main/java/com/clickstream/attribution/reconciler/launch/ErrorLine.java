package com.clickstream.attribution.reconciler.launch;

import com.clickstream.attribution.support.cli.ErrorLines;

/**
 * Errors as the one line the reconciler prints on stderr (never a stack trace): attribution-core's
 * {@link ErrorLines}, plus what a Spring start-up failure needs (the cause that says what went wrong).
 */
public final class ErrorLine {

    private ErrorLine() {
    }

    /** An exception as one line (attribution-core's {@link ErrorLines#describe}). */
    public static String describe(Throwable e) {
        return ErrorLines.describe(e);
    }

    /**
     * The part of a deep chain of wrappers (Spring's bean creation, Flyway, ...) that says what went
     * wrong: the deepest exception from outside the JDK (the library that knew the context, e.g. the
     * driver's "Connection to 127.0.0.1:5432 refused"), plus the root cause's message when it adds
     * something ("Connection refused", or a setting's own check). Flyway's multi-line details are cut.
     */
    public static String cause(Throwable e) {
        Throwable root = e;
        Throwable library = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (!t.getClass().getName().startsWith("java.") && !t.getClass().getName().startsWith("javax.")) {
                library = t;
            }
        }
        String line = library == null ? "" : of(message(library).replaceAll("(?s)\\s*-{10,}.*", ""));
        String rootMessage = of(message(root));
        if (!line.contains(rootMessage)) {
            line = line.isEmpty() ? rootMessage : line + ": " + rootMessage;
        }
        return line;
    }

    /** True when {@code e} or one of its causes is a {@code type}. */
    public static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** {@code text} on one line (attribution-core's {@link ErrorLines#oneLine}). */
    public static String of(String text) {
        return ErrorLines.oneLine(text);
    }
}
