package com.clickstream.attribution.rawlanding.buffer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that reads the arrival time of the record being validated. Judging "event time in the
 * future" and "before retention" against arrival (not the wall clock) makes a replay after a
 * restart classify every record exactly as the first pass did, so object contents and names repeat.
 * Not thread-safe: one per shard.
 */
final class ArrivalClock extends Clock {

    private Instant now = Instant.EPOCH;

    void set(Instant arrival) {
        now = arrival;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
