package com.clickstream.attribution.testsupport.kinesis;

/** What a shard limiter decided about one write entry or one GetRecords call, and why a throttle. */
enum LimitVerdict {
    ADMITTED,
    /** Writes: the shard's records-per-second budget is spent. */
    RECORD_RATE,
    /** Reads: the shard's GetRecords-calls-per-second budget is spent. */
    CALL_RATE,
    /** Writes: no room for the entry's bytes; reads: the shard is in debt after a big answer. */
    BYTE_RATE,
    /** Rejected by the configured forced throttle ratio, whatever the budget. */
    FORCED;

    /** Lower-case name for reports: {@code call_rate}, {@code forced}, ... */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
