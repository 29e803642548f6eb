package com.clickstream.attribution.rawstore.parquet;

import java.util.List;

/**
 * The rows of one raw file: the valid events, in file order, and the rows that were not.
 *
 * @param <T> {@code Click} or {@code Checkout}
 */
public record RawRows<T>(List<T> events, List<RejectedRow> rejected) {

    public RawRows {
        events = List.copyOf(events);
        rejected = List.copyOf(rejected);
    }

    public long rowCount() {
        return events.size() + (long) rejected.size();
    }
}
