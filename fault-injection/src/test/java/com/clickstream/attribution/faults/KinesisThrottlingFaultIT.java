package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.support.aws.AwsClients;
import com.clickstream.attribution.generator.sink.BatchRetrier;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.sink.RetryPolicy;
import com.clickstream.attribution.generator.sink.Sleeper;
import com.clickstream.attribution.generator.sink.SinkStats;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.local.child.ChildJvm;
import com.clickstream.attribution.local.child.StreamingJobProcess;
import com.clickstream.attribution.local.stack.Endpoints;
import com.clickstream.attribution.rawlanding.LandingStats;
import com.clickstream.attribution.rawlanding.RawLandingOptions;
import com.clickstream.attribution.rawlanding.RawLandingRunner;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.kinesis.ShardReadLimits;
import com.clickstream.attribution.testsupport.kinesis.ShardWriteLimits;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Kinesis throttling during generation and reads. kinesalite never throttles, so every component
 * talks to test-support's shard-limited front, which applies the AWS per-shard limits: writes 1,000
 * records/s and 1 MiB/s, reads 5 GetRecords calls/s and 2 MiB/s, the read budget shared by every
 * consumer of a shard as on AWS; plus a seeded share of forced throttles, so that a slow machine
 * is throttled too (the log says how many throttles came from which cause). The generator's {@link KinesisSink} sends at full speed (its
 * throttled entries come back per entry and are re-sent), while the two real consumers read the same
 * shards at the same time: the raw landing ({@link RawLandingRunner}, AWS SDK v2, in this JVM) and
 * the streaming job (qubole connector, shaded AWS SDK v1, child JVM).
 *
 * <p>Verified: nothing lost, nothing twice. Every valid record landed exactly once in raw/ (by event
 * id, read back with raw-store's reader) and every malformed one in raw-errors/ with its reason; the
 * stream counted every record sent once ({@code stream_metrics}), dead-lettered every malformed one
 * with its reason, and its table equals attribution-core's {@code FirstClickAttribution} over the
 * valid events (allowed lateness of 6 h, so nothing is late-dropped).
 */
@Tag("fault")
class KinesisThrottlingFaultIT {

    private static final long SEED = 8_0303L;
    private static final int SHARDS = 2;
    /**
     * Write entries throttled on top of the AWS limits (seeded), which this small run on a busy 2-core
     * machine does not reach by itself (it sends ~700 records/s).
     */
    private static final double FORCED_WRITES = 0.05;
    /**
     * GetRecords calls throttled on top of the AWS limits (seeded): the job's connector makes only a
     * few calls per micro-batch here, so 10% makes sure it is hit. {@code -Dfault.throttling.forcedReads=0.7}
     * is the heavy run (an oversubscribed shard, ~4 minutes) under which qubole's default of 3
     * attempts gave up and the job died; see KinesisSourceOptions.
     */
    private static final double FORCED_READS =
            Double.parseDouble(System.getProperty("fault.throttling.forcedReads", "0.10"));
    /** Small reads, so that each consumer alone can spend a shard's 5 calls/s while it catches up. */
    private static final int LANDING_RECORDS_PER_GET = 100;
    private static final int JOB_RECORDS_PER_READ = 200;
    private static final Duration LATENESS = Duration.ofHours(6);
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final String BUCKET = "raw-throttling";
    private static final Path WORK = Path.of("target", "fault-work", "kinesis-throttling");

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite()
            .withShardWriteLimits(ShardWriteLimits.AWS.withForcedThrottling(FORCED_WRITES, SEED))
            .withShardReadLimits(ShardReadLimits.AWS.withForcedThrottling(FORCED_READS, SEED));

    @Test
    void generationAndBothConsumersRideOutThrottlingAndLoseNothing() throws Exception {
        FaultLog log = FaultLog.start("Kinesis throttling");
        for (String stream : List.of("clicks", "checkouts")) {
            KINESIS.createStream(stream, SHARDS);
        }
        S3.createBucket(BUCKET);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
        ThrottlingTraffic traffic = new ThrottlingTraffic(new GeneratorConfig(SEED, 300, start,
                Duration.ofMinutes(20), 0, 6.0, 0.01, 0.02, Duration.ofMinutes(1), Duration.ofMinutes(20), 0.05,
                Duration.ofSeconds(30), 0.01, 0.03, 0.2));
        int total = traffic.records.size();
        int first = total / 5;
        int middle = total * 3 / 5;
        log.note("seed %d: %,d records (%,d malformed, %,d duplicates, %,d late), 2 streams x %d shards",
                SEED, total, traffic.malformed(), traffic.count(RecordKind.DUPLICATE), traffic.late(), SHARDS);

        URI limited = KINESIS.shardLimitedEndpoint();
        deleteRecursively(WORK);
        ChildJvm job = StreamingJobProcess.start(Endpoints.of(POSTGRES.jdbcUrl(), POSTGRES.user(),
                POSTGRES.password(), limited, S3.endpoint()), WORK, "throttling", AttributionWindow.DEFAULT_LENGTH,
                LATENESS, List.of("--max_records_per_read", Integer.toString(JOB_RECORDS_PER_READ)));
        SinkStats sinkStats;
        LandingStats.Snapshot landed;
        try {
            RawLandingOptions landingOptions = RawLandingOptions.defaults().withBucket(BUCKET)
                    .withEndpoints(limited, S3.endpoint())
                    .withBuffer(256 * 1024, Duration.ofSeconds(2))
                    // No 200 ms pacing: like the job's connector, the landing calls as fast as it can while
                    // behind, so the two compete for each shard's 5 calls/s.
                    .withPolling(Duration.ofSeconds(1), Duration.ZERO, LANDING_RECORDS_PER_GET)
                    .withProgressInterval(Duration.ofSeconds(5));
            try (RawLandingRunner landing = RawLandingRunner.create(landingOptions);
                 KinesisClient client = AwsClients.kinesis(limited, Region.US_EAST_1);
                 KinesisSink sink = new KinesisSink(client, Map.of("clicks", "clicks", "checkouts", "checkouts"),
                         new BatchRetrier(RetryPolicy.DEFAULT, Sleeper.SYSTEM, new Random(SEED)))) {
                // A fifth first, so that the job is reading when the rest arrives at full speed.
                sink.send(traffic.outbound(0, first));
                await("the job reading the first " + first + " records", job,
                        () -> ThrottlingOutcome.metrics(POSTGRES.dataSource()).eventsIn() > 0);
                long sendStart = System.nanoTime();
                sink.send(traffic.outbound(first, middle));
                // The landing starts behind (a restart, a slow consumer): catching up, it competes with
                // the job for each shard's 5 calls/s while the last records are still being sent.
                landing.start();
                sink.send(traffic.outbound(middle, total));
                sinkStats = sink.stats();
                log.injected("write throttling (AWS limits 1,000 records/s and 1 MiB/s per shard, plus %.0f%% of entries"
                                + " forced, seed %d): %,d records sent at full speed (the last %,d in %.1f s), %,d"
                                + " PutRecords entries answered ProvisionedThroughputExceededException (by cause %s);"
                                + " sink: %,d calls, %,d entries re-sent, %,d failed", FORCED_WRITES * 100, SEED,
                        sinkStats.sent(), total - first, (System.nanoTime() - sendStart) / 1e9,
                        KINESIS.throttledEntries(), KINESIS.throttledEntriesByCause(), sinkStats.calls(),
                        sinkStats.retried(), sinkStats.failed());

                await("the stream to count all " + total + " records and the raw landing to read them", job,
                        () -> ThrottlingOutcome.metrics(POSTGRES.dataSource()).eventsIn() >= total
                                && landing.stats().recordsRead() >= total);
                landing.stop(); // flushes and checkpoints what is buffered
                landed = landing.stats();
            }
            long qubole = countLines(job.log(), "ProvisionedThroughputExceeded");
            log.injected("read throttling (AWS limits 5 GetRecords calls/s and 2 MiB/s per shard, shared by both"
                            + " consumers, plus %.0f%% of calls forced, seed %d; landing %d and job %d records per call,"
                            + " landing unpaced and started behind by %,d records):"
                            + " %,d of %,d GetRecords calls answered ProvisionedThroughputExceededException, by cause"
                            + " %s, by client %s (aws-sdk-java/1 = the job's qubole connector, /2 = the raw landing);"
                            + " the raw landing retried %,d calls (its clients have no SDK retries); the job's log names the"
                            + " throttle on %,d lines", FORCED_READS * 100, SEED, LANDING_RECORDS_PER_GET,
                    JOB_RECORDS_PER_READ, middle, KINESIS.throttledReads(), KINESIS.getRecordsCalls(),
                    KINESIS.throttledReadsByCause(), KINESIS.throttledReadsByClient(), landed.retries(), qubole);

            assertThat(job.isAlive()).as("the streaming job survived the throttling; log " + job.log()).isTrue();
        } finally {
            job.close();
        }

        // Writes: throttled, re-sent entry by entry, none failed.
        assertThat(KINESIS.throttledEntries()).as("PutRecords entries throttled").isPositive();
        assertThat(sinkStats.sent()).isEqualTo(total);
        assertThat(sinkStats.failed()).isZero();
        // Every throttled entry was re-sent; a whole call that failed on I/O (the shard-limiting proxy closed a
        // kept-alive connection) re-sends its pending entries too, so re-sent >= throttled, not always equal.
        assertThat(sinkStats.retried()).as("every throttled entry re-sent").isGreaterThanOrEqualTo(KINESIS.throttledEntries());
        // Reads: throttled, for both consumers.
        assertThat(KINESIS.throttledReads()).as("GetRecords calls throttled").isPositive();
        assertThat(KINESIS.throttledReadsByClient()).as("throttled GetRecords per client")
                .containsOnlyKeys("aws-sdk-java/1", "aws-sdk-java/2").allSatisfy((client, n) -> assertThat(n).isPositive());
        log.verified("generator: %,d records accepted, %,d throttled entries re-sent, 0 failed",
                sinkStats.sent(), sinkStats.retried());

        // Raw landing: every valid record once in raw/, every malformed one in raw-errors/ with its reason.
        Map<String, Long> expectedLandings = traffic.validRecordsByEventId();
        long validRecords = expectedLandings.values().stream().mapToLong(Long::longValue).sum();
        assertThat(ThrottlingOutcome.landedEventIds(S3, BUCKET)).isEqualTo(expectedLandings);
        assertThat(ThrottlingOutcome.rawErrorsByReason(S3, BUCKET)).isEqualTo(traffic.malformedByReason());
        assertThat(landed.recordsRead()).isEqualTo(total);
        assertThat(landed.eventsLanded()).isEqualTo(validRecords);
        assertThat(landed.recordsRejected()).isEqualTo(traffic.malformed());
        log.verified("raw landing: %,d valid records (%,d event ids) each landed exactly once in raw/,"
                        + " %,d malformed in raw-errors/ by reason, %,d records read = %,d sent",
                validRecords, expectedLandings.size(), traffic.malformed(), landed.recordsRead(), total);

        // Streaming job: counted once, dead letters by reason, table = the core rule.
        ThrottlingOutcome.Metrics metrics = ThrottlingOutcome.metrics(POSTGRES.dataSource());
        assertThat(metrics).isEqualTo(new ThrottlingOutcome.Metrics(total, traffic.malformed(), 0));
        assertThat(ThrottlingOutcome.deadLettersByReason(POSTGRES.dataSource())).isEqualTo(traffic.malformedByReason());
        Map<String, Attribution> expected = traffic.expectedAnswers(AttributionWindow.DEFAULT);
        Map<String, ThrottlingOutcome.Checkout> rows = ThrottlingOutcome.checkouts(POSTGRES.dataSource());
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        long attributed = 0;
        for (Attribution want : expected.values()) {
            ThrottlingOutcome.Checkout got = rows.get(want.checkoutId());
            assertThat(got.attributed()).as(want.checkoutId()).isEqualTo(want.attributed());
            assertThat(got.clickId()).as(want.checkoutId()).isEqualTo(want.click().map(c -> c.clickId()).orElse(null));
            assertThat(got.trafficSource()).as(want.checkoutId()).isEqualTo(want.trafficSource());
            assertThat(got.revenue()).as(want.checkoutId()).isEqualByComparingTo(want.revenue());
            attributed += want.attributed() ? 1 : 0;
        }
        log.verified("streaming job: events_in %,d = records sent, rejected %,d = dead letters by reason = malformed"
                        + " sent, late_dropped 0; %,d checkouts (%,d attributed) equal FirstClickAttribution",
                metrics.eventsIn(), metrics.rejected(), expected.size(), attributed);
        log.done();
    }

    /** A condition that may throw (it reads the database). */
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, ChildJvm job, Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!check.holds()) {
            if (!job.isAlive()) {
                throw new AssertionError("the streaming job exited (code " + job.await() + ") while waiting for "
                        + what + "; log " + job.log() + ":\n" + tail(job.log(), 40));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT + " for " + what + "; stream_metrics "
                        + ThrottlingOutcome.metrics(POSTGRES.dataSource()) + "; job log " + job.log());
            }
            Thread.sleep(250);
        }
    }

    private static long countLines(Path file, String text) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    private static String tail(Path file, int lines) throws IOException {
        List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
