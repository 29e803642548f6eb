package com.clickstream.attribution.faults;

import com.clickstream.attribution.local.child.ChildJvm;
import com.clickstream.attribution.local.child.StreamingJobProcess;
import com.clickstream.attribution.local.stack.Endpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real streaming job as a child JVM (local-runtime's launcher), started again and again on the
 * same work directory and query name, so that each start resumes from the checkpoint; plus waiting
 * on its progress in the database, failing with the job's log when it dies.
 */
final class StreamingJobRuns implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Endpoints endpoints;
    private final Path workDir;
    private final String queryName;
    private final List<String> extraArgs;
    private final StreamingTables tables;
    private final Duration lateness;
    private ChildJvm child;
    private int starts;

    StreamingJobRuns(Endpoints endpoints, Path workDir, String queryName, List<String> extraArgs,
            StreamingTables tables) {
        this(endpoints, workDir, queryName, extraArgs, tables, StreamingTraffic.LATENESS);
    }

    StreamingJobRuns(Endpoints endpoints, Path workDir, String queryName, List<String> extraArgs,
            StreamingTables tables, Duration lateness) {
        this.lateness = lateness;
        this.endpoints = endpoints;
        this.workDir = workDir;
        this.queryName = queryName;
        this.extraArgs = List.copyOf(extraArgs);
        this.tables = tables;
    }

    /** Starts the job (again): same checkpoint, same query name. */
    ChildJvm start() {
        if (child != null && child.isAlive()) {
            throw new IllegalStateException("the job is still running");
        }
        child = StreamingJobProcess.start(endpoints, workDir, queryName, StreamingTraffic.WINDOW.length(),
                lateness, extraArgs);
        starts++;
        return child;
    }

    ChildJvm current() {
        return child;
    }

    int starts() {
        return starts;
    }

    /**
     * SIGKILL: no shutdown hook, no clean stop of the query; returns once the process is gone. The
     * signal goes to the JVM's pid first (listing its descendants, which local mode does not have,
     * takes milliseconds that matter when a test aims at a narrow window).
     */
    void kill() throws InterruptedException {
        ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly);
        child.kill();
    }

    /**
     * Waits until the database shows {@code condition} (polled every 200 ms; a database that does not
     * answer counts as not yet), failing when the job exits or {@code timeout} passes.
     */
    StreamingTables.Progress await(Predicate<StreamingTables.Progress> condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<StreamingTables.Progress> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            Optional<StreamingTables.Progress> progress = tables.progress();
            if (progress.isPresent()) {
                last = progress;
                if (condition.test(progress.get())) {
                    return progress.get();
                }
            }
            requireAlive(what);
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last progress "
                + last.map(Object::toString).orElse("none (database did not answer)") + "\n" + logTail());
    }

    /**
     * Waits until Spark has run and committed {@code triggers} more micro-batches after the current
     * one (its checkpoint's commit log), failing when the job exits or {@code timeout} passes. With
     * the eviction timeout Spark runs a (possibly empty) batch every trigger, so after the input is
     * done this is "the job went on for {@code triggers} more triggers": anything it would count twice
     * (a replay) would show by then.
     */
    void awaitMoreTriggers(int triggers, Duration timeout) throws InterruptedException {
        StreamingCheckpoint checkpoint = new StreamingCheckpoint(workDir.resolve("checkpoints").resolve(queryName));
        long target = checkpoint.latestCommit() + triggers;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (checkpoint.latestCommit() < target) {
            requireAlive(triggers + " more triggers");
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for batch " + target
                        + " to be committed in the checkpoint (latest " + checkpoint.latestCommit() + ")\n" + logTail());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Fails with the job's log when the child has exited. */
    void requireAlive(String context) {
        if (child == null || !child.isAlive()) {
            throw new AssertionError("the streaming job exited while " + context + "\n" + logTail());
        }
    }

    String log() {
        try {
            Path file = workDir.resolve("logs/streaming-job.log");
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of the job's log (all runs) matching {@code pattern}. */
    long countLog(Pattern pattern) {
        Matcher m = pattern.matcher(log());
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    Path logFile() {
        return workDir.resolve("logs/streaming-job.log");
    }

    String logTail() {
        String text = log();
        return "--- last lines of " + logFile() + " ---\n" + text.substring(Math.max(0, text.length() - 6000));
    }

    /** Stops the job the polite way (SIGTERM, its shutdown hook stops the query). */
    @Override
    public void close() throws InterruptedException {
        if (child != null) {
            child.close();
        }
    }
}
