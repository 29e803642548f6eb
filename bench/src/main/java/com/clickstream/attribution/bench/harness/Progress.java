package com.clickstream.attribution.bench.harness;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on stderr, each with the wall-clock time and the time since the benchmark run started. */
public final class Progress {

    private final long started = System.nanoTime();

    public void say(String format, Object... args) {
        Duration since = Duration.ofNanos(System.nanoTime() - started);
        System.err.printf("[%s +%dm%02ds] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                since.toMinutes(), since.toSecondsPart(), String.format(format, args));
    }
}
