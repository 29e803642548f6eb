package com.clickstream.attribution.rawstore;

import java.util.Locale;

/**
 * Why an object under the raw prefix cannot be used. A consumer (the reconciler) skips the object,
 * records its key with {@link #code()} and goes on with the rest.
 */
public enum BadObjectReason {
    /** The object has zero bytes (Firehose never writes one; a failed upload or a stray touch does). */
    EMPTY_FILE,
    /** Not Parquet, truncated, or a page/footer that does not decode. */
    CORRUPT_PARQUET,
    /** A column the contract requires is not in the file. */
    MISSING_COLUMN,
    /** A column has a type that does not read as the contract's type (e.g. event_ts as a string or INT96). */
    UNEXPECTED_COLUMN_TYPE,
    /** The key is not {@code raw/<event_type>/dt=YYYY-MM-DD/hour=HH/<name>}. */
    UNPARSEABLE_PARTITION;

    /** Stable lower-case code for run summaries, e.g. {@code corrupt_parquet}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
