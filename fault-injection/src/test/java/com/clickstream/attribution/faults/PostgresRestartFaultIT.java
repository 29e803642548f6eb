package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.local.stack.Endpoints;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL is stopped ({@code pg_ctl stop -m fast}, as a restart or failover does) for a seeded
 * 10-15 s while the streaming job (a child JVM) is in the middle of one input, then started again on
 * the same port with the same data. Nobody restarts the job: the same process must retry its batch
 * with backoff ({@code --db_retry_for}) and carry on, and the end state must be exactly the core
 * rule with nothing lost or counted twice ({@link StreamingOutcomeCheck}). The job's log shows
 * what the retries met: the broken connection of the batch in flight (08006 / 57P01) and refused
 * connections while the server was down (08001).
 */
@Tag("fault")
class PostgresRestartFaultIT {

    private static final String QUERY = "fault-pg-restart";
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Pattern FAILED_ATTEMPT = Pattern.compile("attempt \\d+ failed \\((\\w{5}) ");
    private static final Pattern SUCCEEDED = Pattern.compile("succeeded on retry (\\d+) after (\\d+) ms of failures");

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @Test
    void theJobRidesOutADatabaseRestartWithoutBeingRestartedAndLosesNothing() throws Exception {
        FaultLog log = FaultLog.start("PostgreSQL restart during streaming");
        long seed = Long.getLong("fault.seed", System.currentTimeMillis() % 100_000);
        Random random = new Random(seed);
        log.note("seed %d (repeat with -Dfault.seed=%d)", seed, seed);
        KINESIS.createStream(EventType.CLICK.stream(), 2);
        KINESIS.createStream(EventType.CHECKOUT.stream(), 2);
        StreamingTraffic traffic = StreamingTraffic.generate(seed, 10);
        traffic.sendTo(KINESIS.endpoint());
        log.note("input sent once to kinesalite (2 streams x 2 shards): %s", traffic.describe());

        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "fault-work")), "pg-restart-");
        StreamingTables tables = new StreamingTables(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
        Endpoints endpoints = Endpoints.of(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password(),
                KINESIS.endpoint(), null); // the streaming job uses no S3
        long sent = traffic.sent();
        try (StreamingJobRuns job = new StreamingJobRuns(endpoints, work, QUERY,
                List.of("--max_records_per_read", "200", "--db_retry_for", "2m"), tables)) {
            long pid = job.start().pid();
            double share = 0.2 + 0.2 * random.nextDouble();
            job.await(p -> p.eventsIn() >= (long) (sent * share), WAIT,
                    String.format("the job to count %.0f %% of %,d records", share * 100, sent));
            StreamingTables.Progress atStop = tables.progress().orElseThrow();
            long downMs = 10_000 + random.nextInt(5_001);

            long stopped = System.nanoTime();
            POSTGRES.stopServer();
            while (System.nanoTime() - stopped < downMs * 1_000_000) {
                job.requireAlive("PostgreSQL was down");
                Thread.sleep(250);
            }
            POSTGRES.restartServer();
            long restarted = System.nanoTime();
            log.injected("PostgreSQL stopped (pg_ctl stop -m fast) with %,d of %,d records counted in %d batches, down "
                            + "%.1f s, restarted on the same port %d with the same data directory", atStop.eventsIn(),
                    sent, atStop.batches(), (restarted - stopped) / 1e9, POSTGRES.port());

            job.await(p -> p.batches() > atStop.batches(), WAIT, "a batch committed after the restart");
            double recovery = (System.nanoTime() - restarted) / 1e9;
            StreamingTables.Progress done = job.await(p -> p.eventsIn() >= sent, WAIT,
                    String.format("the job to count all %,d records", sent));
            Thread.sleep(3_000); // a few more (empty) triggers: anything counted twice would show now
            job.requireAlive("idling after the input");
            assertThat(job.current().pid()).as("the same job process throughout").isEqualTo(pid);
            assertThat(job.starts()).as("nobody restarted the job").isEqualTo(1);

            String jobLog = job.log();
            TreeMap<String, Integer> states = new TreeMap<>();
            Matcher failed = FAILED_ATTEMPT.matcher(jobLog);
            while (failed.find()) {
                states.merge(failed.group(1), 1, Integer::sum);
            }
            Matcher succeeded = SUCCEEDED.matcher(jobLog);
            long longestMs = 0;
            int batchesRetried = 0;
            while (succeeded.find()) {
                batchesRetried++;
                longestMs = Math.max(longestMs, Long.parseLong(succeeded.group(2)));
            }
            assertThat(states).as("failed attempts by SQLSTATE: the restart must have hit a batch").isNotEmpty();
            assertThat(states).as("connections refused while the server was down").containsKey("08001");
            assertThat(jobLog).as("no batch gave up").doesNotContain("giving up after");
            assertThat(batchesRetried).as("batches that succeeded after retrying").isPositive();
            log.verified("the same job process (pid %d, 1 start) carried on: %d failed attempts by SQLSTATE %s, each "
                            + "retried with backoff; %d batch(es) succeeded after retrying, the longest after %,d ms; first "
                            + "batch committed %.1f s after the restart; %d data batches in all", pid,
                    states.values().stream().mapToInt(Integer::intValue).sum(), states, batchesRetried, longestMs,
                    recovery, done.batches());
        }
        StreamingOutcomeCheck.verify(traffic, tables, log);
        log.done();
    }
}
