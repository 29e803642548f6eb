package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.local.stack.Endpoints;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * rule with nothing lost or counted twice ({@link StreamingOutcomeCheck}).
 */
@Tag("fault")
class PostgresHangFaultIT {

    private static final String QUERY = "fault-pg-hang";
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Pattern FAILED_ATTEMPT = Pattern.compile("attempt \\d+ failed \\((\\w{5}) ");

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @Test
    void aHungDatabaseTimesOutAndTheJobCarriesOnWhenItAnswersAgain() throws Exception {
        FaultLog log = FaultLog.start("PostgreSQL hangs during streaming");
        long seed = Long.getLong("fault.seed", System.currentTimeMillis() % 100_000);
        Random random = new Random(seed);
        log.note("seed %d (repeat with -Dfault.seed=%d)", seed, seed);
        KINESIS.createStream(EventType.CLICK.stream(), 2);
        KINESIS.createStream(EventType.CHECKOUT.stream(), 2);
        StreamingTraffic traffic = StreamingTraffic.generate(seed, 10);
        traffic.sendTo(KINESIS.endpoint());
        log.note("input sent once to kinesalite (2 streams x 2 shards): %s", traffic.describe());

        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "fault-work")), "pg-hang-");
        StreamingTables tables = new StreamingTables(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
        Endpoints endpoints = Endpoints.of(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password(),
                KINESIS.endpoint(), null); // the streaming job uses no S3
        long sent = traffic.sent();
        try (StreamingJobRuns job = new StreamingJobRuns(endpoints, work, QUERY,
                List.of("--max_records_per_read", "200", "--db_retry_for", "2m", "--db_socket_timeout", "5s"), tables)) {
            long pid = job.start().pid();
            double share = 0.2 + 0.2 * random.nextDouble();
            job.await(p -> p.eventsIn() >= (long) (sent * share), WAIT,
                    String.format("the job to count %.0f %% of %,d records", share * 100, sent));
            StreamingTables.Progress atFreeze = tables.progress().orElseThrow();
            long frozenMs = 12_000 + random.nextInt(4_001);

            List<Long> frozen = serverProcesses();
            long start = System.nanoTime();
            signal("-STOP", frozen);
            try {
                while (System.nanoTime() - start < frozenMs * 1_000_000) {
                    job.requireAlive("PostgreSQL was frozen");
                    Thread.sleep(250);
                }
            } finally {
                signal("-CONT", frozen);
            }
            long resumed = System.nanoTime();
            log.injected("SIGSTOP to all %d PostgreSQL processes (postmaster and backends) with %,d of %,d records "
                            + "counted in %d batches, frozen %.1f s (connections left open), then SIGCONT", frozen.size(),
                    atFreeze.eventsIn(), sent, atFreeze.batches(), (resumed - start) / 1e9);

            job.await(p -> p.batches() > atFreeze.batches(), WAIT, "a batch committed after the server resumed");
            double recovery = (System.nanoTime() - resumed) / 1e9;
            StreamingTables.Progress done = job.await(p -> p.eventsIn() >= sent, WAIT,
                    String.format("the job to count all %,d records", sent));
            Thread.sleep(3_000); // a few more (empty) triggers: anything counted twice would show now
            job.requireAlive("idling after the input");
            assertThat(job.current().pid()).as("the same job process throughout").isEqualTo(pid);
            assertThat(job.starts()).as("nobody restarted the job").isEqualTo(1);

            TreeMap<String, Integer> states = new TreeMap<>();
            Matcher failed = FAILED_ATTEMPT.matcher(job.log());
            while (failed.find()) {
                states.merge(failed.group(1), 1, Integer::sum);
            }
            assertThat(states).as("failed attempts by SQLSTATE: the hang must have timed out a batch").isNotEmpty();
            assertThat(states.keySet()).as("only connection failures").allMatch(s -> s.startsWith("08"));
            assertThat(job.log()).as("no batch gave up").doesNotContain("giving up after");
            log.verified("the same job process (pid %d, 1 start) carried on: %d timed-out attempts by SQLSTATE %s, each "
                            + "retried with backoff; first batch committed %.1f s after SIGCONT; %d data batches in all",
                    pid, states.values().stream().mapToInt(Integer::intValue).sum(), states, recovery, done.batches());
        }
        StreamingOutcomeCheck.verify(traffic, tables, log);
        log.done();
    }

    /** The postmaster (first line of postmaster.pid) and every process it started. */
    private static List<Long> serverProcesses() throws IOException {
        long postmaster = Long.parseLong(
                Files.readAllLines(POSTGRES.dataDirectory().resolve("postmaster.pid")).get(0).trim());
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        ProcessHandle.of(postmaster).orElseThrow(() -> new IllegalStateException("no postmaster " + postmaster))
                .descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes()).trim();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pids + " failed: " + output);
        }
    }
}
