package com.clickstream.attribution.stream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.MalformedCorpusFeed;
import com.clickstream.attribution.core.contract.MalformedCorpusFeed.Entry;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.support.aws.AwsClients;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.clickstream.attribution.stream.SparkTestBase;
import com.clickstream.attribution.stream.StoredRows;
import com.clickstream.attribution.stream.WorkDir;
import com.clickstream.attribution.stream.job.JobArguments;
import com.clickstream.attribution.stream.job.StreamingAttributionJob;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Issue 8, bad input at the streaming job's entry point: attribution-core's malformed corpus
 * and its hostile-but-valid inputs, each between two valid events ({@link MalformedCorpusFeed}), put
 * into kinesalite and read by the job in this JVM (qubole source, local[2], embedded PostgreSQL).
 *
 * <p>Streams: a record goes to the stream its case declares (the wrong-stream case: a checkout on the
 * clicks stream), else to the checkouts stream when it is a JSON object with
 * {@code "event_type":"checkout"}, else to the clicks stream, including every record whose type cannot
 * be known (not JSON, not an object, unknown or missing event_type) — as {@code ./pipeline run} routes
 * lines. The expected reason of every record on its stream is checked by the feed against the parser.
 *
 * <p>Expected, all computed from the corpus files and attribution-core: every malformed record is one
 * dead letter with its corpus reason code, its stream, a detail and its payload (as the table keeps
 * it: decoded as UTF-8, invalid bytes and NUL as U+FFFD); no valid record is a dead letter;
 * {@code attributed_checkouts} equals {@code FirstClickAttribution} over the valid records that arrive
 * in time; {@code stream_metrics}: events_in = every record sent, rejected = the malformed count,
 * late_dropped = the valid records sent behind the watermark on purpose (see below).
 *
 * <p>Lateness 2h, so the hostile click at the clock-skew bound (now + 5 min) cannot push the other
 * events (now - 50 min .. now) behind the watermark. Valid records older than (latest valid event
 * time - lateness) — the click at the retention bound — are sent only after everything else was
 * counted, so they are late for sure, whatever the micro-batches.
 */
class MalformedCorpusKinesisIT extends SparkTestBase {

    private static final Duration LATENESS = Duration.ofHours(2);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    final WorkDir workDir = new WorkDir();

    /** One dead_letters row. */
    private record DeadLetter(String eventType, String reasonCode, String detail, String payload, String streamName,
                              String partitionKey) {
    }

    @Test
    void everyMalformedRecordIsADeadLetterWithItsReasonAndTheValidOnesAreAttributedByTheRule() throws Exception {
        long started = System.nanoTime();
        KINESIS.createStream("clicks", 2);
        KINESIS.createStream("checkouts", 2);
        MalformedCorpusFeed feed = MalformedCorpusFeed.at(Instant.now());
        long latestValid = feed.valid().stream().mapToLong(e -> e.valid().eventTs().toEpochMilli()).max().orElseThrow();
        List<Entry> main = new ArrayList<>();
        List<Entry> stragglers = new ArrayList<>();
        for (Entry e : feed.entries()) {
            boolean behind = !e.malformed() && e.valid().eventTs().toEpochMilli() < latestValid - LATENESS.toMillis();
            (behind ? stragglers : main).add(e);
        }
        System.out.printf("feed at %s: %d records (%d malformed, %d valid, %d sent late on purpose); "
                        + "malformed by reason %s%n", feed.now(), feed.entries().size(), feed.malformed().size(),
                feed.valid().size(), stragglers.size(), MalformedCorpusFeed.byReason(feed.entries()));

        StreamingAttributionJob job = new StreamingAttributionJob(JobArguments.of(Map.ofEntries(
                Map.entry(JobArguments.SOURCE, "qubole"),
                Map.entry(JobArguments.KINESIS_ENDPOINT, KINESIS.endpoint().toString()),
                Map.entry(JobArguments.STARTING_POSITION, "TRIM_HORIZON"),
                Map.entry(JobArguments.JDBC_URL, POSTGRES.jdbcUrl()),
                Map.entry(JobArguments.DB_USER, POSTGRES.user()),
                Map.entry(JobArguments.CHECKPOINT_LOCATION, workDir.path().resolve("checkpoint").toString()),
                Map.entry(JobArguments.ALLOWED_LATENESS, "2h"),
                Map.entry(JobArguments.TRIGGER_INTERVAL, "250ms"),
                Map.entry(JobArguments.QUERY_NAME, "malformed-corpus"))));
        StoredRows stored = new StoredRows(POSTGRES.dataSource());
        StreamingQuery query = job.start(spark());
        try (KinesisClient client = AwsClients.kinesis(KINESIS.endpoint(), Region.US_EAST_1);
             KinesisSink sink = new KinesisSink(client, Map.of("clicks", "clicks", "checkouts", "checkouts"))) {
            sink.send(records(main));
            stored.awaitEventsIn(main.size(), query, WAIT);
            sink.send(records(stragglers));
            stored.awaitEventsIn(feed.entries().size(), query, WAIT);
        } finally {
            query.stop();
        }

        // counts add up: every record read once, every malformed one rejected, the stragglers late
        StoredRows.Metrics metrics = stored.metrics();
        System.out.println("stream_metrics: " + metrics);
        assertThat(metrics.eventsIn()).isEqualTo(feed.entries().size());
        assertThat(metrics.rejected()).isEqualTo(feed.malformed().size());
        assertThat(metrics.lateDropped()).isEqualTo(stragglers.size());

        // every malformed record is exactly one dead letter, with its reason, stream, detail and payload
        List<DeadLetter> deadLetters = deadLetters();
        Map<String, Entry> byKey = feed.entries().stream().filter(e -> e.partitionKey().startsWith("corpus-"))
                .collect(Collectors.toMap(Entry::partitionKey, Function.identity()));
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (DeadLetter d : deadLetters) {
            Entry e = byKey.get(d.partitionKey());
            if (e == null || !e.malformed()) {
                wrong.add("dead letter for a valid record " + d.partitionKey() + " " + (e == null ? "" : e.label())
                        + ": " + d.reasonCode() + " " + d.detail());
                continue;
            }
            seen.merge(d.partitionKey(), 1, Integer::sum);
            if (!d.reasonCode().equals(e.expectedReason())) {
                wrong.add(e.label() + ": reason " + d.reasonCode() + " (" + d.detail() + "), expected " + e.expectedReason());
            }
            if (!d.payload().equals(keptPayload(e.payload()))) {
                wrong.add(e.label() + ": payload not kept, stored " + MalformedCorpusFeed.shown(
                        d.payload().getBytes(StandardCharsets.UTF_8)) + " sent " + MalformedCorpusFeed.shown(e.payload()));
            }
            if (!d.streamName().equals(e.stream().stream()) || d.detail() == null || d.detail().isBlank()) {
                wrong.add(e.label() + ": stream " + d.streamName() + ", detail '" + d.detail() + "'");
            }
        }
        for (Entry e : feed.malformed()) {
            if (seen.getOrDefault(e.partitionKey(), 0) != 1) {
                wrong.add(e.label() + ": " + seen.getOrDefault(e.partitionKey(), 0) + " dead letters, expected 1");
            }
        }
        assertThat(wrong).as("malformed records not kept exactly once with their reason").isEmpty();
        assertThat(deadLetters).hasSize(feed.malformed().size());

        // the valid records (neighbours and hostile-but-valid) are attributed as attribution-core says
        Map<String, Attribution> expected = MalformedCorpusFeed.expectedAttributions(
                main.stream().filter(e -> !e.malformed()).toList(), AttributionWindow.DEFAULT);
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
        assertThat(stored.scalar("SELECT coalesce(sum(line_amount), 0) FROM ecommerce.checkout_items"))
                .isEqualByComparingTo(revenue);
        long attributed = expected.values().stream().filter(Attribution::attributed).count();
        System.out.printf("VERIFIED streaming job: %d records in, %d dead letters = %d malformed (%d reasons, payloads "
                        + "kept), %d late = %d sent late; %d checkouts (%d attributed) = FirstClickAttribution; %.1f s%n",
                metrics.eventsIn(), deadLetters.size(), feed.malformed().size(),
                MalformedCorpusFeed.byReason(feed.entries()).size(), metrics.lateDropped(), stragglers.size(),
                rows.size(), attributed, (System.nanoTime() - started) / 1e9);
    }

    private static List<OutboundRecord> records(List<Entry> entries) {
        return entries.stream().map(e -> new OutboundRecord(e.stream().stream(), e.partitionKey(), e.payload())).toList();
    }

    /** The payload as dead_letters keeps it: decoded as UTF-8 (invalid bytes as U+FFFD), NUL as U+FFFD. */
    private static String keptPayload(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }

    private static List<DeadLetter> deadLetters() throws Exception {
        List<DeadLetter> rows = new ArrayList<>();
        try (Connection c = POSTGRES.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT event_type, reason_code, detail, payload, stream_name, "
                     + "partition_key FROM ecommerce.dead_letters WHERE source = 'stream' ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new DeadLetter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
            }
        }
        return rows;
    }
}
