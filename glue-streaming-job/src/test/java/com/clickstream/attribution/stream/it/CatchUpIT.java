package com.clickstream.attribution.stream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.support.aws.AwsClients;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.stream.SparkTestBase;
import com.clickstream.attribution.stream.StoredRows;
import com.clickstream.attribution.stream.WorkDir;
import com.clickstream.attribution.stream.job.JobArguments;
import com.clickstream.attribution.stream.job.StreamingAttributionJob;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Catch-up after a stop, as a named scenario (issue 14): the job reads the first minutes of traffic
 * live, is stopped, two hours of event time pile up on both streams (sent interleaved, in the
 * generator's arrival order), and the job is restarted on its checkpoint with a small per-shard read
 * ({@code --max_records_per_read 500}). The checkouts stream holds ~4% of the records, so each micro-batch
 * reads far more of its event time than of the clicks stream's: one watermark over both jumped past
 * the backlog's clicks and dropped them as late. With a watermark per stream (the query's is the
 * minimum), nothing that arrived within the allowed lateness (5m) of its own stream is dropped.
 *
 * <p>The input has no late records (the generator's out-of-order slips are 30 s at most, within the
 * lateness), so every event arrived within the allowed lateness of its own stream's progress: the
 * stream-only table must equal attribution-core's rule over all of them, and {@code late_dropped} must
 * be 0. The checkpoint's state size is printed.
 *
 * <p>One shard per stream: the watermark is per stream, not per shard. With two shards per stream the
 * same run late-dropped 6,506 of 19,514 records: each shard is read up to the same record cap per batch,
 * so the shard with fewer records per minute of event time runs ahead of its sibling (also with one
 * GetRecords call per shard and batch; see docs/streaming.md, known limits).
 */
class CatchUpIT extends SparkTestBase {

    private static final Logger log = LoggerFactory.getLogger(CatchUpIT.class);
    private static final Duration LIVE = Duration.ofMinutes(10);
    private static final Duration BACKLOG_SPAN = Duration.ofHours(2);
    // generous: a loaded 2-core machine took 94 s to 6 min for this drain
    private static final Duration WAIT = Duration.ofMinutes(10);

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    final WorkDir workDir = new WorkDir();

    @Test
    void afterAStopTheJobCatchesUpOnHoursOfBacklogWithoutDroppingAnOnTimeEvent() throws Exception {
        KINESIS.createStream("clicks", 1);
        KINESIS.createStream("checkouts", 1);
        // Sessions' purchases trail the span by up to about an hour; keep every event time in the past.
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(BACKLOG_SPAN).minus(Duration.ofHours(3));
        GeneratorConfig config = new GeneratorConfig(14, 300, start, BACKLOG_SPAN.plus(LIVE), 0, 3,
                0.01, 0, Duration.ofMinutes(25), Duration.ofMinutes(30), 0.05, Duration.ofSeconds(30),
                0.005, 0.03, 0.2);
        GeneratedTraffic traffic = new GeneratedTraffic(config, LIVE);
        List<GeneratedRecord> live = traffic.chunks.get(0);
        List<GeneratedRecord> backlog = traffic.chunks.stream().skip(1).flatMap(List::stream).toList();
        assertThat(traffic.lateRecords()).isZero();
        log.info("generated {} records: {} live, then {} of backlog ({} checkouts), {} malformed, {} duplicates",
                traffic.records.size(), live.size(), backlog.size(),
                backlog.stream().filter(r -> r.record().stream().equals("checkouts")).count(),
                traffic.count(RecordKind.MALFORMED), traffic.count(RecordKind.DUPLICATE));

        Path checkpoint = workDir.path().resolve("checkpoint");
        StoredRows stored = new StoredRows(POSTGRES.dataSource());
        try (KinesisClient client = AwsClients.kinesis(KINESIS.endpoint(), Region.US_EAST_1);
             KinesisSink sink = new KinesisSink(client, Map.of("clicks", "clicks", "checkouts", "checkouts"))) {
            StreamingQuery query = job(checkpoint).start(spark());
            try {
                sink.send(live.stream().map(GeneratedRecord::record).toList());
                stored.awaitEventsIn(live.size(), query, WAIT);
            } finally {
                query.stop();
            }

            sink.send(backlog.stream().map(GeneratedRecord::record).toList()); // while the job is down

            long restart = System.nanoTime();
            query = job(checkpoint).start(spark());
            try {
                awaitDrainedAndReportState(stored, traffic.records.size(), query, checkpoint);
                double seconds = (System.nanoTime() - restart) / 1e9;
                log.info("catch-up: {} records drained in {} s after the restart ({} records/s)", backlog.size(),
                        String.format("%.1f", seconds), String.format("%.0f", backlog.size() / seconds));
            } finally {
                query.stop();
            }
        }

        StoredRows.Metrics metrics = stored.metrics();
        assertThat(metrics.lateDropped()).as("late-dropped: nothing arrived behind its own stream").isZero();
        assertThat(metrics.eventsIn()).isEqualTo(traffic.records.size());
        assertThat(metrics.rejected()).isEqualTo(traffic.count(RecordKind.MALFORMED));

        Map<String, Attribution> expected = traffic.expectedAnswers(AttributionWindow.DEFAULT);
        Map<String, StoredRows.Checkout> rows = stored.checkouts();
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Attribution want : expected.values()) {
            StoredRows.Checkout got = rows.get(want.checkoutId());
            assertThat(got.attributed()).as(want.checkoutId()).isEqualTo(want.attributed());
            assertThat(got.clickId()).as(want.checkoutId()).isEqualTo(want.click().map(c -> c.clickId()).orElse(null));
            assertThat(got.trafficSource()).as(want.checkoutId()).isEqualTo(want.trafficSource());
            assertThat(got.revenue()).as(want.checkoutId()).isEqualByComparingTo(want.revenue());
        }
        BigDecimal revenue = expected.values().stream().map(Attribution::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(metrics.revenue()).isEqualByComparingTo(revenue);
        log.info("{} checkouts ({} attributed) = FirstClickAttribution; late-dropped 0", expected.size(),
                expected.values().stream().filter(Attribution::attributed).count());
    }

    private JobArguments arguments(Path checkpoint) {
        return JobArguments.of(Map.ofEntries(
                Map.entry(JobArguments.SOURCE, "qubole"),
                Map.entry(JobArguments.KINESIS_ENDPOINT, KINESIS.endpoint().toString()),
                Map.entry(JobArguments.STARTING_POSITION, "TRIM_HORIZON"),
                Map.entry(JobArguments.JDBC_URL, POSTGRES.jdbcUrl()),
                Map.entry(JobArguments.DB_USER, POSTGRES.user()),
                Map.entry(JobArguments.CHECKPOINT_LOCATION, checkpoint.toString()),
                Map.entry(JobArguments.ALLOWED_LATENESS, "5m"),
                Map.entry(JobArguments.TRIGGER_INTERVAL, "250ms"),
                Map.entry(JobArguments.STATE_STORE, "rocksdb"),
                Map.entry(JobArguments.MAX_RECORDS_PER_READ, "500"),
                Map.entry(JobArguments.QUERY_NAME, "it-catch-up")));
    }

    private StreamingAttributionJob job(Path checkpoint) {
        return new StreamingAttributionJob(arguments(checkpoint));
    }

    /**
     * Waits until the job has counted {@code expected} records, sampling the state operator's size on
     * every progress report meanwhile; prints the largest and the checkpoint's state folder at the end.
     */
    private static void awaitDrainedAndReportState(StoredRows stored, long expected, StreamingQuery query,
                                                   Path checkpoint) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long maxKeys = 0;
        long maxMemory = 0;
        while (stored.metrics().eventsIn() < expected) {
            if (query.exception().isDefined()) {
                throw new IllegalStateException("the streaming query failed", query.exception().get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job counted " + stored.metrics().eventsIn() + " of " + expected
                        + " records within " + WAIT);
            }
            StreamingQueryProgress p = query.lastProgress();
            if (p != null) {
                for (StateOperatorProgress s : p.stateOperators()) {
                    maxKeys = Math.max(maxKeys, s.numRowsTotal());
                    maxMemory = Math.max(maxMemory, s.memoryUsedBytes());
                }
            }
            Thread.sleep(100);
        }
        assertThat(stored.metrics().eventsIn()).isEqualTo(expected);
        long onDisk;
        try (Stream<Path> files = Files.walk(checkpoint.resolve("state"))) {
            onDisk = files.filter(Files::isRegularFile).mapToLong(CatchUpIT::size).sum();
        }
        System.out.printf("CATCH-UP STATE: checkpoint state/ %,d bytes on disk (every version Spark keeps); while "
                + "draining at most %,d users in state, %,d bytes of state memory%n", onDisk, maxKeys, maxMemory);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }
}
