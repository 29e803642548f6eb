package com.clickstream.attribution.bench.b2;

import java.time.Instant;

/**
 * Wall-clock microseconds since the epoch. Send times (parent or worker JVM) and row visibility
 * times (the parent's poller) are compared across processes on one machine, so they use the
 * system clock, not nanoTime.
 */
final class WallClock {

    private WallClock() {
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
