package com.clickstream.attribution.reconciler.raw;

import java.io.Serializable;
import java.util.Objects;

/**
 * A raw object (or folder) the run could not use, and why. Stored in
 * {@code reconciliation_runs.skips} as {@code {"key": ..., "reason": ...}}.
 *
 * @param key    the object key or folder prefix
 * @param reason a reason code ({@link UnreadableRawObjectException.Reason} or {@code unparsable_partition})
 * @param detail a human-readable detail (exception message), may be empty
 */
public record RawSkip(String key, String reason, String detail) implements Serializable {

    /** A listed folder whose name is not {@code dt=YYYY-MM-DD/hour=HH}. */
    public static final String UNPARSABLE_PARTITION = "unparsable_partition";

    public RawSkip {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }
}
