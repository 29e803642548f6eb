package com.clickstream.attribution.stream.it;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.support.aws.AwsClients;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.run.Pump;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.stream.WorkDir;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import com.clickstream.attribution.stream.SparkTestBase;
import com.clickstream.attribution.stream.StoredRows;
import com.clickstream.attribution.stream.job.JobArguments;
import com.clickstream.attribution.stream.job.StreamingAttributionJob;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A measurement, not a test (nothing timed is asserted): the generator feeds kinesalite (2 streams x
 * 2 shards) in arrival order, paced at {@code -Dstream.bench.speedup} event-time seconds per second
 * (0 = as fast as it can), while the job runs in local[2] (qubole source, RocksDB state, trigger
 * 1 s) into embedded PostgreSQL; reports the records/s the job processed and its micro-batch
 * durations. Off in the normal build: {@code -Dstream.bench=true}. Appends to
 * {@code target/stream-bench.md}.
 */
@EnabledIfSystemProperty(named = "stream.bench", matches = "true")
class StreamingThroughputIT extends SparkTestBase {

    private static final Logger log = LoggerFactory.getLogger(StreamingThroughputIT.class);

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    final WorkDir workDir = new WorkDir();

    @Test
    void measureSustainedThroughputAndBatchDurations() throws Exception {
        KINESIS.createStream("clicks", 2);
        KINESIS.createStream("checkouts", 2);
        spark().conf().set("spark.sql.streaming.numRecentProgressUpdates", "10000");
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(6));
        GeneratorConfig config = GeneratorConfig.defaults(start).withSeed(3);
        config = new GeneratorConfig(config.seed(), config.users(), start, Duration.ofHours(2), 0, 20,
                config.duplicateFraction(), config.lateFraction(), Duration.ofMinutes(10), Duration.ofMinutes(30),
                config.outOfOrderFraction(), config.outOfOrderMaxDelay(), config.malformedFraction(),
                config.noClickBuyerFraction(), config.clickAfterCheckoutFraction());
        List<GeneratedRecord> records = new ArrayList<>();
        new TrafficGenerator(config).forEachRemaining(records::add);

        StreamingAttributionJob job = new StreamingAttributionJob(JobArguments.of(Map.ofEntries(
                Map.entry(JobArguments.SOURCE, "qubole"),
                Map.entry(JobArguments.KINESIS_ENDPOINT, KINESIS.endpoint().toString()),
                Map.entry(JobArguments.JDBC_URL, POSTGRES.jdbcUrl()),
                Map.entry(JobArguments.CHECKPOINT_LOCATION, workDir.path().resolve("checkpoint").toString()),
                Map.entry(JobArguments.TRIGGER_INTERVAL, "1s"),
                // The feed compresses event time (speedup x): seconds of difference between the shards'
                // read cut-offs inside one batch become minutes of event time. A long lateness keeps
                // that artefact from turning into late drops, so the run measures the pipeline.
                Map.entry(JobArguments.ALLOWED_LATENESS, System.getProperty("stream.bench.lateness", "24h")),
                Map.entry(JobArguments.STATE_STORE, "rocksdb"),
                Map.entry(JobArguments.QUERY_NAME, "bench"))));
        StoredRows stored = new StoredRows(POSTGRES.dataSource());
        StreamingQuery query = job.start(spark());
        AtomicLong pumpNanos = new AtomicLong();
        double speedup = Double.parseDouble(System.getProperty("stream.bench.speedup", "100"));
        Thread pump = new Thread(() -> {
            long t0 = System.nanoTime();
            try (KinesisClient client = AwsClients.kinesis(KINESIS.endpoint(), Region.US_EAST_1);
                 KinesisSink sink = new KinesisSink(client, Map.of("clicks", "clicks", "checkouts", "checkouts"))) {
                new Pump(sink, 500, speedup, Duration.ofMinutes(10), summary -> { }).run(records.iterator());
            }
            pumpNanos.set(System.nanoTime() - t0);
        }, "bench-pump");
        long t0 = System.nanoTime();
        pump.start();
        try {
            while (stored.metrics().eventsIn() < records.size()) {
                if (query.exception().isDefined()) {
                    throw new IllegalStateException(query.exception().get());
                }
                if (System.nanoTime() - t0 > Duration.ofMinutes(10).toNanos()) {
                    throw new IllegalStateException("not done in 10 minutes: " + stored.metrics());
                }
                Thread.sleep(200);
            }
            long jobNanos = System.nanoTime() - t0;
            pump.join();
            report(speedup, records.size(), pumpNanos.get(), jobNanos, query.recentProgress(), stored.metrics());
        } finally {
            query.stop();
        }
    }

    private void report(double speedup, int records, long pumpNanos, long jobNanos, StreamingQueryProgress[] progress,
                        StoredRows.Metrics metrics) throws Exception {
        List<StreamingQueryProgress> data = Arrays.stream(progress).filter(p -> p.numInputRows() > 0).toList();
        long[] trigger = data.stream().mapToLong(p -> p.durationMs().get("triggerExecution")).sorted().toArray();
        long[] addBatch = data.stream().mapToLong(p -> p.durationMs().get("addBatch")).sorted().toArray();
        long[] rows = data.stream().mapToLong(StreamingQueryProgress::numInputRows).sorted().toArray();
        StringBuilder md = new StringBuilder();
        md.append(String.format("%n### speedup %s (%s)%n%n", speedup == 0 ? "0" : String.format("%.0f", speedup),
                speedup == 0 ? "as fast as the generator can put" : "paced in arrival order"));
        md.append("| figure | value |\n| --- | --- |\n");
        md.append(String.format("| records (generator, 2 h of event time at 20 events/s, default faults) | %,d |%n", records));
        md.append(String.format("| allowed lateness | %s |%n", System.getProperty("stream.bench.lateness", "24h")));
        md.append(String.format("| generator -> kinesalite, offered rate | %,.0f records/s |%n", records / (pumpNanos / 1e9)));
        md.append(String.format("| job, first record put -> last record committed in PostgreSQL | %.1f s = %,.0f records/s |%n",
                jobNanos / 1e9, records / (jobNanos / 1e9)));
        md.append(String.format("| micro-batches with data | %d |%n", data.size()));
        md.append(String.format("| records per batch p50 / max | %,d / %,d |%n", pct(rows, 50), rows[rows.length - 1]));
        md.append(String.format("| batch duration (triggerExecution) p50 / p95 / max | %,d / %,d / %,d ms |%n",
                pct(trigger, 50), pct(trigger, 95), trigger[trigger.length - 1]));
        md.append(String.format("| of which foreachBatch (collect + PostgreSQL) p50 / p95 | %,d / %,d ms |%n",
                pct(addBatch, 50), pct(addBatch, 95)));
        md.append(String.format("| late-dropped / rejected / checkouts written | %,d / %,d / %,d |%n",
                metrics.lateDropped(), metrics.rejected(), metrics.attributed() + metrics.unattributed()));
        log.info("throughput:\n{}", md);
        Files.writeString(Path.of("target", "stream-bench.md"), md.toString(), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
