package com.clickstream.attribution.generator.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.clickstream.attribution.support.aws.AwsClients;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.kinesis.ShardWriteLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * KinesisSink against kinesalite on 127.0.0.1, the throttling case through the extension's
 * shard-write-limit front (AWS limits: 1,000 records/s and 1 MiB/s per shard, plus a seeded 2 % forced),
 * because neither local server throttles by itself.
 */
class KinesisSinkIT {

    private static final Logger log = LoggerFactory.getLogger(KinesisSinkIT.class);

    /**
     * AWS limits plus 2 % of entries rejected at random: on a loaded machine the burst can go out slower
     * than 1,000 records/s (one clean-clone run under load 20+: 14.8 s for 5,000, nothing throttled), and the
     * retry path must still be exercised.
     */
    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite()
            .withShardWriteLimits(ShardWriteLimits.AWS.withForcedThrottling(0.02, 42));

    @Test
    void everyRecordArrivesExactlyOnceAcrossTwoStreamsInPerUserOrder() {
        KINESIS.createStream("it-clicks", 4);
        KINESIS.createStream("it-checkouts", 2);
        List<OutboundRecord> records = interleave(TestRecords.events("clicks", 3_000, 200),
                TestRecords.events("checkouts", 1_000, 200));

        SinkStats stats;
        long nanos;
        try (KinesisClient client = AwsClients.kinesis(KINESIS.endpoint(), Region.US_EAST_1);
             KinesisSink sink = new KinesisSink(client, Map.of("clicks", "it-clicks", "checkouts", "it-checkouts"))) {
            long start = System.nanoTime();
            for (int from = 0; from < records.size(); from += 1_000) {
                sink.send(records.subList(from, from + 1_000));
            }
            nanos = System.nanoTime() - start;
            stats = sink.stats();
        }
        log.info("KinesisSink -> kinesalite: {} records of ~{} bytes in {} ms = {} records/s ({} calls)",
                records.size(), records.get(0).payload().length, nanos / 1_000_000,
                Math.round(records.size() / (nanos / 1e9)), stats.calls());

        List<Record> clicks = KINESIS.readAll("it-clicks");
        List<Record> checkouts = KINESIS.readAll("it-checkouts");
        assertThat(payloads(clicks)).containsExactlyInAnyOrderElementsOf(payloads(records, "clicks"));
        assertThat(payloads(checkouts)).containsExactlyInAnyOrderElementsOf(payloads(records, "checkouts"));
        assertThat(clicks).allSatisfy(r -> assertThat(TestRecords.payload(r.data().asByteArray()))
                .contains("\"user_id\":\"" + r.partitionKey() + "\""));
        // Each send of 1,000 holds 750 clicks (calls of 500 + 250) and 250 checkouts (one call): 4 x 3 calls.
        assertThat(stats).isEqualTo(new SinkStats(4_000, 0, 0, 12));
        assertPerUserOrder(clicks, 0);
        assertPerUserOrder(checkouts, 0);
    }

    @Test
    void burstsIntoOneThrottledShardAreRetriedEntryByEntryAndArriveExactlyOnce() {
        KINESIS.createStream("it-throttled", 1);
        List<OutboundRecord> burst = TestRecords.events("clicks", 5_000, 50);
        long throttledBefore = KINESIS.throttledEntries();

        SinkStats stats;
        try (KinesisClient client = AwsClients.kinesis(KINESIS.shardLimitedEndpoint(), Region.US_EAST_1);
             KinesisSink sink = new KinesisSink(client, Map.of("clicks", "it-throttled"),
                     new BatchRetrier(RetryPolicy.DEFAULT, Sleeper.SYSTEM, new Random(42)))) {
            sink.send(burst);
            stats = sink.stats();
        }
        long throttled = KINESIS.throttledEntries() - throttledBefore;
        log.info("throttled burst: {} records, {} entries rejected by the shard limit, stats {}", burst.size(), throttled, stats);

        List<Record> stored = KINESIS.readAll("it-throttled");
        assertThat(throttled).isPositive();
        // Only rejected entries were re-sent: every retry answers exactly one rejection ...
        assertThat(stats.retried()).isEqualTo(throttled);
        assertThat(stats.sent()).isEqualTo(5_000);
        assertThat(stats.failed()).isZero();
        // ... and nothing was stored twice or lost.
        assertThat(payloads(stored)).hasSize(5_000).containsExactlyInAnyOrderElementsOf(payloads(burst, "clicks"));
        // A retried record can fall behind later records of its own chunk, never further.
        assertPerUserOrder(stored, BatchLimits.KINESIS_PUT_RECORDS.maxRecords());
    }

    @Test
    void aMissingStreamThrowsSinkExceptionAtOnceInsteadOfHanging() {
        try (KinesisClient client = AwsClients.kinesis(KINESIS.endpoint(), Region.US_EAST_1);
             KinesisSink sink = new KinesisSink(client, Map.of("clicks", "no-such-stream"))) {
            List<OutboundRecord> batch = TestRecords.events("clicks", 20, 5);

            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> sink.send(batch))
                            .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.undelivered()).isEqualTo(20))
                            .hasMessageContaining("'no-such-stream'")
                            .hasMessageContaining("ResourceNotFoundException"));
            assertThat(sink.stats()).isEqualTo(new SinkStats(0, 0, 20, 1));
        }
    }

    /** For each user, no record arrives behind one that was sent more than {@code slack} positions after it. */
    private static void assertPerUserOrder(List<Record> stored, int slack) {
        Map<String, Integer> highest = new HashMap<>();
        for (Record record : stored) {
            int seq = TestRecords.seq(TestRecords.payload(record.data().asByteArray()));
            int before = highest.getOrDefault(record.partitionKey(), -1);
            if (seq < before) {
                assertThat(before - seq).as("user %s: seq %d arrived after %d", record.partitionKey(), seq, before)
                        .isLessThan(Math.max(1, slack));
            }
            highest.put(record.partitionKey(), Math.max(before, seq));
        }
    }

    private static List<OutboundRecord> interleave(List<OutboundRecord> a, List<OutboundRecord> b) {
        List<OutboundRecord> out = new ArrayList<>(a.size() + b.size());
        int ratio = a.size() / b.size();
        int j = 0;
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i));
            if ((i + 1) % ratio == 0 && j < b.size()) {
                out.add(b.get(j++));
            }
        }
        out.addAll(b.subList(j, b.size()));
        return out;
    }

    private static List<String> payloads(List<Record> records) {
        return records.stream().map(r -> r.data().asUtf8String()).toList();
    }

    private static List<String> payloads(List<OutboundRecord> records, String stream) {
        return records.stream().filter(r -> r.stream().equals(stream)).map(TestRecords::payload).toList();
    }
}
