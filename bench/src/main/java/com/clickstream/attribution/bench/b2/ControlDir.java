package com.clickstream.attribution.bench.b2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The parent and the Spark worker talk through small files in one folder (JDK only: the worker has
 * no bench libraries): {@code ready} (worker: the query has run its first batch), {@code step-N}
 * (parent: "rate count firstIndex", feed this), {@code sends-N} (worker: the send log),
 * {@code done-N} (worker: step N sent), {@code stop} (parent: stop the query and exit).
 * Each file is written to a temporary name and moved, so a reader never sees half of it.
 */
final class ControlDir {

    static final String READY = "ready";
    static final String STOP = "stop";

    private final Path dir;

    ControlDir(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    void write(String name, String content) {
        try {
            Path tmp = dir.resolve(name + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<String> read(String name) {
        Path p = dir.resolve(name);
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the first of {@code names} to appear; returns its name. Fails when {@code alive} turns false. */
    String await(Duration timeout, BooleanSupplier alive, String... names) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String name : names) {
                if (Files.exists(dir.resolve(name))) {
                    return name;
                }
            }
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("the other side ended while waiting for " + String.join("/", names));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + String.join("/", names) + " in " + dir + " within " + timeout);
            }
            Thread.sleep(10);
        }
    }
}
