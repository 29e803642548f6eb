package com.clickstream.attribution.stream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.support.aws.AwsClients;
import com.clickstream.attribution.stream.WorkDir;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.stream.SparkTestBase;
import com.clickstream.attribution.stream.StoredRows;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * generator -> kinesalite (two streams, 2 shards each) -> the job (qubole Kinesis source, RocksDB
 * state, local[2]) -> embedded PostgreSQL, with a restart from the checkpoint in the middle and a
 * replay of a committed batch at the end. The table must equal attribution-core's
 * {@code FirstClickAttribution} over the same on-time events, every on-time checkout present once;
 * the counters must add up to exactly what was sent.
 */
class KinesisToPostgresIT extends SparkTestBase {

    private static final Logger log = LoggerFactory.getLogger(KinesisToPostgresIT.class);
    private static final Duration CHUNK = Duration.ofMinutes(8);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    final WorkDir workDir = new WorkDir();

    @Test
    void tableEqualsFirstClickAttributionOverTheOnTimeEventsAcrossARestartAndAReplay() throws Exception {
        // the log says which reasons differ if the dead-letter check fails
        KINESIS.createStream("clicks", 2);
        KINESIS.createStream("checkouts", 2);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
        GeneratedTraffic traffic = new GeneratedTraffic(
                GeneratedTraffic.config(7, start, Duration.ofMinutes(10), 10), CHUNK);
        log.info("generated {} records in {} chunks: {} malformed, {} duplicates, {} late",
                traffic.records.size(), traffic.chunks.size(), traffic.count(RecordKind.MALFORMED),
                traffic.count(RecordKind.DUPLICATE), traffic.lateRecords());

        Path checkpoint = workDir.path().resolve("checkpoint");
        StreamingAttributionJob job = new StreamingAttributionJob(JobArguments.of(Map.ofEntries(
                Map.entry(JobArguments.SOURCE, "qubole"),
                Map.entry(JobArguments.KINESIS_ENDPOINT, KINESIS.endpoint().toString()),
                Map.entry(JobArguments.STARTING_POSITION, "TRIM_HORIZON"),
                Map.entry(JobArguments.JDBC_URL, POSTGRES.jdbcUrl()),
                Map.entry(JobArguments.DB_USER, POSTGRES.user()),
                Map.entry(JobArguments.CHECKPOINT_LOCATION, checkpoint.toString()),
                Map.entry(JobArguments.ALLOWED_LATENESS, "5m"),
                Map.entry(JobArguments.TRIGGER_INTERVAL, "250ms"),
                Map.entry(JobArguments.STATE_STORE, "rocksdb"),
                Map.entry(JobArguments.QUERY_NAME, "it-attribution"))));
        StoredRows stored = new StoredRows(POSTGRES.dataSource());

        StreamingQuery[] running = {job.start(spark())};
        try {
            runAndCheck(job, traffic, stored, checkpoint, running);
        } finally {
            running[0].stop();
        }
    }

    private void runAndCheck(StreamingAttributionJob job, GeneratedTraffic traffic, StoredRows stored, Path checkpoint,
                             StreamingQuery[] running) throws Exception {
        StreamingQuery query = running[0];
        long sent = 0;
        int restartAfter = traffic.chunks.size() / 2;
        try (KinesisClient client = AwsClients.kinesis(KINESIS.endpoint(), Region.US_EAST_1);
             KinesisSink sink = new KinesisSink(client, Map.of("clicks", "clicks", "checkouts", "checkouts"))) {
            for (int i = 0; i < traffic.chunks.size(); i++) {
                List<GeneratedRecord> chunk = traffic.chunks.get(i);
                sink.send(chunk.stream().map(GeneratedRecord::record).toList());
                sent += chunk.size();
                if (i == restartAfter) {
                    // Stop between batches, send the next chunk while the job is down, restart from the
                    // checkpoint: the backlog is read once, nothing twice. (A stop in the middle of a batch
                    // makes the connector re-read that batch's range, possibly further: see PostgresBatchWriter.)
                    stored.awaitEventsIn(sent, query, WAIT);
                    query.stop();
                    List<GeneratedRecord> backlog = traffic.chunks.get(++i);
                    sink.send(backlog.stream().map(GeneratedRecord::record).toList());
                    sent += backlog.size();
                    query = job.start(spark());
                    running[0] = query;
                }
                stored.awaitEventsIn(sent, query, WAIT);
            }
        }
        assertThat(sent).isEqualTo(traffic.records.size());

        // Counters add up to exactly what was sent: nothing lost, nothing counted twice.
        StoredRows.Metrics metrics = stored.metrics();
        log.info("metrics {}; dead letters by reason {}", metrics, stored.deadLetters().stream()
                .collect(Collectors.groupingBy(StoredRows.DeadLetter::reasonCode, Collectors.counting())));
        assertThat(metrics.eventsIn()).isEqualTo(traffic.records.size());
        assertThat(metrics.rejected()).isEqualTo(traffic.count(RecordKind.MALFORMED));
        assertThat(metrics.lateDropped()).isEqualTo(traffic.lateRecords());
        Map<String, Long> expectedReasons = traffic.records.stream().filter(r -> r.kind() == RecordKind.MALFORMED)
                .collect(Collectors.groupingBy(r -> r.rejectReason().code(), Collectors.counting()));
        assertThat(stored.deadLetters().stream()
                .collect(Collectors.groupingBy(StoredRows.DeadLetter::reasonCode, Collectors.counting())))
                .isEqualTo(expectedReasons);

        // The table equals the reference rule over the on-time events, checkout by checkout.
        Map<String, Attribution> expected = traffic.expectedAnswers(AttributionWindow.DEFAULT);
        Map<String, StoredRows.Checkout> rows = stored.checkouts();
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Attribution want : expected.values()) {
            StoredRows.Checkout got = rows.get(want.checkoutId());
            assertThat(got.attributed()).as(want.checkoutId()).isEqualTo(want.attributed());
            assertThat(got.trafficSource()).as(want.checkoutId()).isEqualTo(want.trafficSource());
            assertThat(got.clickId()).as(want.checkoutId())
                    .isEqualTo(want.click().map(c -> c.clickId()).orElse(null));
            assertThat(got.revenue()).as(want.checkoutId()).isEqualByComparingTo(want.revenue());
        }
        BigDecimal expectedRevenue = expected.values().stream().map(Attribution::revenue)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(metrics.revenue()).isEqualByComparingTo(expectedRevenue);
        assertThat(stored.scalar("SELECT sum(line_amount) FROM ecommerce.checkout_items"))
                .isEqualByComparingTo(expectedRevenue);
        assertThat(stored.progressKeys()).as("one checkpoint, one query id across the restart").hasSize(1);
        long attributed = expected.values().stream().filter(Attribution::attributed).count();
        log.info("{} checkouts ({} attributed), {} late-dropped, {} dead letters: all as expected",
                expected.size(), attributed, metrics.lateDropped(), metrics.rejected());

        // Replay: forget that the last data batch was committed; Spark runs it again, the sink skips it.
        query.stop();
        long lastDataBatch = stored.scalar("SELECT max(batch_id) FROM ecommerce.stream_progress").longValue();
        forgetBatchesFrom(checkpoint, lastDataBatch);
        Map<String, StoredRows.Checkout> before = stored.checkouts();
        String updatedBefore = stored.scalar("SELECT count(*) FROM ecommerce.attributed_checkouts").toString()
                + "/" + stored.scalar("SELECT sum(version) FROM ecommerce.attributed_checkouts");
        query = job.start(spark());
        running[0] = query;
        awaitBatch(query, lastDataBatch + 1);
        assertThat(query.exception().isDefined()).isFalse();
        assertThat(stored.checkouts()).isEqualTo(before);
        assertThat(stored.scalar("SELECT count(*) FROM ecommerce.attributed_checkouts").toString()
                + "/" + stored.scalar("SELECT sum(version) FROM ecommerce.attributed_checkouts")).isEqualTo(updatedBefore);
        assertThat(stored.metrics()).isEqualTo(metrics);
    }

    private static void awaitBatch(StreamingQuery query, long batchId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (query.exception().isDefined()) {
                throw new IllegalStateException("query failed", query.exception().get());
            }
            if (query.lastProgress() != null && query.lastProgress().batchId() >= batchId) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("batch " + batchId + " not reached");
    }

    /** Deletes the commit marks from {@code batchId} on and the offsets after it: Spark re-runs {@code batchId}. */
    private static void forgetBatchesFrom(Path checkpoint, long batchId) throws IOException {
        deleteBatchFiles(checkpoint.resolve("commits"), id -> id >= batchId);
        deleteBatchFiles(checkpoint.resolve("offsets"), id -> id > batchId);
    }

    private static void deleteBatchFiles(Path dir, Function<Long, Boolean> which) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString().replace(".crc", "").replaceFirst("^\\.", "");
                if (name.matches("\\d+") && which.apply(Long.parseLong(name))) {
                    Files.delete(f);
                }
            }
        }
    }
}
