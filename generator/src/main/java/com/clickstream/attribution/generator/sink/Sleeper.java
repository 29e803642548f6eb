package com.clickstream.attribution.generator.sink;

import java.time.Duration;

/** Waits between retries. A seam so retry timing is testable without real sleeps. */
@FunctionalInterface
public interface Sleeper {

    /** {@link Thread#sleep}: the production sleeper. */
    Sleeper SYSTEM = duration -> {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
    };

    void sleep(Duration duration) throws InterruptedException;
}
