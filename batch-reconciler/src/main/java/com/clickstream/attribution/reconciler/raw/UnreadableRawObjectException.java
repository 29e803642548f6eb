package com.clickstream.attribution.reconciler.raw;

import java.util.Objects;

/**
 * A raw object that cannot be read as events of its type; the run skips it and records why.
 * The reason is a stable lower-case code: raw-store's {@code BadObjectReason} codes
 * ({@code empty_file}, {@code corrupt_parquet}, {@code missing_column}, {@code unexpected_column_type},
 * {@code unparseable_partition}) or {@link #READ_FAILED}.
 */
public class UnreadableRawObjectException extends Exception {

    /** The object could not be fetched (after the client's retries). */
    public static final String READ_FAILED = "read_failed";

    private final String key;
    private final String reason;

    public UnreadableRawObjectException(String key, String reason, String detail, Throwable cause) {
        super(key + ": " + reason + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"), cause);
        this.key = Objects.requireNonNull(key, "key");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }

    public RawSkip toSkip() {
        Throwable root = getCause() == null ? this : getCause();
        return new RawSkip(key, reason, String.valueOf(root.getMessage()));
    }
}
