package com.clickstream.attribution.faults;

import com.clickstream.attribution.local.child.ChildJvm;
import com.clickstream.attribution.local.child.ReconcilerProcess;
import com.clickstream.attribution.local.stack.Endpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs of the reconciler's Boot jar as a child JVM (local-runtime's {@link ReconcilerProcess}), every
 * one with the same parameters, and what its log says. The log ({@code workDir/logs/reconciler.log})
 * is appended to by every run; {@link #logOfThisRun()} is the part written since the latest start.
 */
final class ReconcilerChild {

    private final Endpoints servers;
    private final Path workDir;
    private final String bucket;
    private final Instant from;
    private final Instant to;
    private final Duration window;
    private final Duration lateness;
    private final List<String> extraArgs;
    private ChildJvm current;
    private long logOffset;
    private int starts;

    ReconcilerChild(Endpoints servers, Path workDir, String bucket, Instant from, Instant to, Duration window,
            Duration lateness, List<String> extraArgs) {
        this.servers = servers;
        this.workDir = workDir;
        this.bucket = bucket;
        this.from = from;
        this.to = to;
        this.window = window;
        this.lateness = lateness;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a run (a fresh one, or the restart of the unfinished one: the reconciler decides). */
    ChildJvm start() {
        logOffset = logSize();
        starts++;
        current = ReconcilerProcess.start(servers, workDir, bucket, from, to, window, lateness, extraArgs);
        return current;
    }

    int starts() {
        return starts;
    }

    ChildJvm current() {
        return current;
    }

    /** Waits for the current run's exit code; kills it and fails after {@code timeout}. */
    int await(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current.isAlive()) {
            if (System.nanoTime() > deadline) {
                current.kill();
                throw new AssertionError("the reconciler did not finish in " + timeout.toSeconds() + " s; its log:\n"
                        + tail(logOfThisRun()));
            }
            Thread.sleep(100);
        }
        return current.await();
    }

    /**
     * Polls {@code condition} every 20 ms until it holds; fails if the child exits first or after {@code timeout},
     * saying what was awaited.
     */
    void awaitWhileRunning(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (!current.isAlive()) {
                throw new AssertionError("the reconciler exited (" + current.await() + ") before " + what + "; its log:\n"
                        + tail(logOfThisRun()));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; the reconciler's log:\n"
                        + tail(logOfThisRun()));
            }
            Thread.sleep(20);
        }
    }

    /** What the current run has logged so far. */
    String logOfThisRun() {
        Path log = workDir.resolve("logs/reconciler.log");
        try {
            if (!Files.exists(log)) {
                return "";
            }
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logOffset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How often {@code regex} occurs in the current run's log. */
    int count(String regex) {
        Matcher m = Pattern.compile(regex).matcher(logOfThisRun());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }


    private long logSize() {
        try {
            Path log = workDir.resolve("logs/reconciler.log");
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String log) {
        return log.length() <= 6_000 ? log : "..." + log.substring(log.length() - 6_000);
    }
}
