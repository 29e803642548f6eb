package com.clickstream.attribution.reconciler.run;

import java.util.Locale;

/** The values of {@code reconciliation_runs.status}. */
public enum RunStatus {
    RUNNING,
    COMPLETED,
    /** Completed, but some raw objects could not be read and were skipped (listed in {@code skips}). */
    COMPLETED_WITH_SKIPS,
    FAILED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromDbName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
