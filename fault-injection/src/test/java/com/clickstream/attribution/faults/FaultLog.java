package com.clickstream.attribution.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a fault test injected and what it verified, printed as it happens (the issue asks every fault
 * test to say so) and appended to {@code target/fault-log.txt}, from which docs/reliability.md takes
 * its figures.
 *
 * <pre>{@code
 * FaultLog log = FaultLog.start("streaming job SIGKILL");
 * log.injected("SIGKILL pid %d after %,d of %,d records", pid, read, sent);
 * log.verified("%,d checkouts equal the core rule, 0 duplicates", n);
 * log.done();
 * }</pre>
 */
public final class FaultLog {

    private static final Path FILE = Path.of("target", "fault-log.txt");

    private final String test;
    private final long startNanos = System.nanoTime();

    private FaultLog(String test) {
        this.test = test;
    }

    public static FaultLog start(String test) {
        FaultLog log = new FaultLog(test);
        log.line("START", "");
        return log;
    }

    /** A fault put in: what, when, how big. */
    public void injected(String format, Object... args) {
        line("INJECTED", String.format(format, args));
    }

    /** A check that passed, with its figures. */
    public void verified(String format, Object... args) {
        line("VERIFIED", String.format(format, args));
    }

    /** Anything else worth seeing in the output (progress, recovery times). */
    public void note(String format, Object... args) {
        line("NOTE", String.format(format, args));
    }

    /** Call at the end of a passing test: prints the wall time. */
    public void done() {
        line("DONE", String.format("%.1f s", Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0));
    }

    private synchronized void line(String kind, String text) {
        String line = String.format("[%s] [fault: %s] %-8s %s", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                test, kind, text).stripTrailing();
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
