package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL hangs: every server process is frozen with SIGSTOP for a seeded 12-16 s while the
 * streaming job is in the middle of one input, then resumed with SIGCONT. Unlike a restart, nothing
 * closes the connections: the batch in flight waits for an answer that does not come. The job runs
 * with {@code --db_socket_timeout 5s}, so the wait fails the attempt like a broken connection
 * (08006; a new login times out with 08001) and the same process retries with backoff
 * ({@code --db_retry_for}) until the server answers again. The end state must be exactly the core
 * rule with nothing lost or counted twice ({@link StreamingDatabaseFault}).
 */
@Tag("fault")
class PostgresHangFaultIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @Test
    void aHungDatabaseTimesOutAndTheJobCarriesOnWhenItAnswersAgain() throws Exception {
        FaultLog log = FaultLog.start("PostgreSQL hangs during streaming");
        StreamingDatabaseFault.Outcome outcome = StreamingDatabaseFault.run(log, "fault-pg-hang", POSTGRES, KINESIS,
                List.of("--db_retry_for", "2m", "--db_socket_timeout", "5s"), (atFreeze, sent, job, random) -> {
                    long frozenMs = 12_000 + random.nextInt(4_001);
                    long start = System.nanoTime();
                    List<Long> frozen = freezeServer();
                    try {
                        while (System.nanoTime() - start < frozenMs * 1_000_000) {
                            job.requireAlive("PostgreSQL was frozen");
                            Thread.sleep(250);
                        }
                    } finally {
                        signal("-CONT", frozen);
                    }
                    return String.format("SIGSTOP to all %d PostgreSQL processes (postmaster and backends) with %,d of "
                                    + "%,d records counted in %d batches, frozen %.1f s (connections left open), then SIGCONT",
                            frozen.size(), atFreeze.eventsIn(), sent, atFreeze.batches(),
                            (System.nanoTime() - start) / 1e9);
                });

        assertThat(outcome.failedAttempts().keySet()).as("only connection failures").allMatch(s -> s.startsWith("08"));
        log.verified("the same job process (pid %d, 1 start) carried on: %d timed-out attempts by SQLSTATE %s, each "
                        + "retried with backoff; first batch committed %.1f s after SIGCONT; %d data batches in all",
                outcome.pid(), outcome.attempts(), outcome.failedAttempts(), outcome.recoverySeconds(), outcome.batches());
        log.done();
    }

    /**
     * Freezes the postmaster first, so it cannot start new backends, then every process it started.
     * A backend may exit between being listed and being signalled (a short-lived connection, an
     * autovacuum worker); such a process is simply gone, not an error. Returns the frozen processes.
     */
    private static List<Long> freezeServer() throws IOException, InterruptedException {
        long postmaster = Long.parseLong(
                Files.readAllLines(POSTGRES.dataDirectory().resolve("postmaster.pid")).get(0).trim());
        ProcessHandle handle = ProcessHandle.of(postmaster)
                .orElseThrow(() -> new IllegalStateException("no postmaster " + postmaster));
        List<Long> frozen = new ArrayList<>(signal("-STOP", List.of(postmaster)));
        if (frozen.isEmpty()) {
            throw new IllegalStateException("postmaster " + postmaster + " exited before it could be frozen");
        }
        List<Long> children = handle.descendants().map(ProcessHandle::pid).toList();
        frozen.addAll(signal("-STOP", children));
        return frozen;
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
        List<Long> received = pids.stream().filter(p -> ProcessHandle.of(p).isPresent()).toList();
        boolean onlyExited = output.lines().allMatch(line -> line.contains("No such process"));
        if (!onlyExited) {
            throw new IllegalStateException("kill " + signal + " " + pids + " failed: " + output);
        }
        return received;
    }
}
