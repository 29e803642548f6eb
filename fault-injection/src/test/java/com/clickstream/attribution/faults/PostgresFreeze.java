package com.clickstream.attribution.faults;

import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A hung PostgreSQL: every server process stopped with SIGSTOP, connections left open, until
 * {@link #close()} sends SIGCONT. Clients see a server that accepts bytes and never answers (what a
 * network partition or a stuck host looks like), unlike a restart, which closes their connections.
 */
final class PostgresFreeze implements AutoCloseable {

    private final List<Long> frozen;
    private final long startNanos = System.nanoTime();

    private PostgresFreeze(List<Long> frozen) {
        this.frozen = List.copyOf(frozen);
    }

    /**
     * Freezes the postmaster first, so it cannot start new backends, then every process it started.
     * A backend may exit between being listed and being signalled (a short-lived connection, an
     * autovacuum worker); such a process is simply gone, not an error.
     */
    static PostgresFreeze freeze(PostgresExtension postgres) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(
                Files.readAllLines(postgres.dataDirectory().resolve("postmaster.pid")).get(0).trim());
        ProcessHandle handle = ProcessHandle.of(postmaster)
                .orElseThrow(() -> new IllegalStateException("no postmaster " + postmaster));
        List<Long> frozen = new ArrayList<>(signal("-STOP", List.of(postmaster)));
        if (frozen.isEmpty()) {
            throw new IllegalStateException("postmaster " + postmaster + " exited before it could be frozen");
        }
        frozen.addAll(signal("-STOP", handle.descendants().map(ProcessHandle::pid).toList()));
        return new PostgresFreeze(frozen);
    }

    /** How many processes were frozen (the postmaster and its children). */
    int processes() {
        return frozen.size();
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Resumes every frozen process. */
    @Override
    public void close() throws IOException, InterruptedException {
        signal("-CONT", frozen);
    }

    /**
     * Sends a signal with kill(1) and returns the processes that received it. kill reports failure
     * when any process is missing; only "the process has exited" is tolerated, any other failure
     * (permission, bad signal) is an error.
     */
    private static List<Long> signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        if (pids.isEmpty()) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes()).trim();
        if (kill.waitFor() == 0) {
            return pids;
        }
        if (!output.lines().allMatch(line -> line.contains("No such process"))) {
            throw new IllegalStateException("kill " + signal + " " + pids + " failed: " + output);
        }
        return pids.stream().filter(p -> ProcessHandle.of(p).isPresent()).toList();
    }
}
