package com.clickstream.attribution.generator.sink;

/**
 * Totals of one sink.
 *
 * @param sent     records accepted by the destination
 * @param retried  record re-sends after a partial failure or throttling (one record retried twice counts 2)
 * @param failed   records given up on after the retry budget
 * @param calls    API calls (or file writes) made
 */
public record SinkStats(long sent, long retried, long failed, long calls) {
    public static final SinkStats EMPTY = new SinkStats(0, 0, 0, 0);
}
