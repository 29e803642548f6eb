package com.clickstream.attribution.stream.attribution;

import static com.clickstream.attribution.stream.TestEvents.T0;
import static com.clickstream.attribution.stream.TestEvents.checkout;
import static com.clickstream.attribution.stream.TestEvents.click;
import static com.clickstream.attribution.stream.TestEvents.json;
import static com.clickstream.attribution.stream.TestEvents.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.stream.MemoryHarness;
import com.clickstream.attribution.stream.SparkTestBase;
import com.clickstream.attribution.stream.StoredRows;
import com.clickstream.attribution.stream.WorkDir;
import com.clickstream.attribution.stream.job.JobArguments;
import com.clickstream.attribution.stream.sink.DatabaseSettings;
import com.clickstream.attribution.stream.sink.PostgresBatchWriter;
import com.clickstream.attribution.stream.sink.PostgresSink;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming semantics, end to end through Spark (MemoryStream -> validation -> state ->
 * foreachBatch) into PostgreSQL: one named case per rule of docs/attribution.md and
 * {@code UserAttributionState}. Each {@code send} is one micro-batch; clicks and checkouts go to
 * their own stream, each stream's watermark is its largest event time of the batches before minus
 * the allowed lateness (5m here; 0 while the stream has read nothing), and the watermark that decides
 * "late" is the smaller of the two. W = 1h.
 */
class AttributionSemanticsIT extends SparkTestBase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    final WorkDir checkpoint = new WorkDir();

    private MemoryHarness harness;
    private StoredRows stored;

    @BeforeEach
    void start() throws Exception {
        POSTGRES.truncateAll("ecommerce");
        stored = new StoredRows(POSTGRES.dataSource());
        JobArguments args = MemoryHarness.arguments(checkpoint.path(), Map.of(JobArguments.ALLOWED_LATENESS, "5m"));
        DatabaseSettings db = new DatabaseSettings(POSTGRES.jdbcUrl(), POSTGRES.user(), null);
        harness = MemoryHarness.start(spark(), args, new PostgresSink(args.queryName(), new PostgresBatchWriter(db)));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void checkoutIsWrittenAtOnceUnattributedAndALateClickWithinLatenessUpgradesIt() {
        harness.send(json(checkout("o-1", "u1", minutes(60), "100.00")));
        assertThat(stored.checkout("o-1")).satisfies(row -> {
            assertThat(row.attributed()).isFalse();
            assertThat(row.trafficSource()).isEqualTo("unattributed");
            assertThat(row.revenue()).isEqualByComparingTo("100.00");
            assertThat(row.writtenBy()).isEqualTo("stream");
            assertThat(row.version()).isEqualTo(1);
        });

        // the checkouts stream is at 60m - 5m = 55m: a click at 58m is out of order, but within the allowed lateness
        harness.send(json(click("k-1", "u1", minutes(58), "google")));

        assertThat(stored.checkout("o-1")).satisfies(row -> {
            assertThat(row.attributed()).isTrue();
            assertThat(row.clickId()).isEqualTo("k-1");
            assertThat(row.trafficSource()).isEqualTo("google");
            assertThat(row.version()).isEqualTo(2);
        });
        assertThat(stored.metrics().lateDropped()).isZero();
    }

    @Test
    void aLateClickEarlierThanTheCreditedOneWinsAndALaterOneChangesNothing() {
        harness.send(json(checkout("o-1", "u1", minutes(60), "100.00")), json(click("k-2", "u1", minutes(59), "email")));
        assertThat(stored.checkout("o-1").clickId()).isEqualTo("k-2");

        harness.send(json(click("k-1", "u1", minutes(57), "google")));
        assertThat(stored.checkout("o-1")).satisfies(row -> {
            assertThat(row.clickId()).isEqualTo("k-1");
            assertThat(row.trafficSource()).isEqualTo("google");
            assertThat(row.version()).isEqualTo(2);
        });

        harness.send(json(click("k-3", "u1", minutes(58), "facebook")));
        assertThat(stored.checkout("o-1")).satisfies(row -> {
            assertThat(row.clickId()).isEqualTo("k-1");
            assertThat(row.version()).isEqualTo(2);
        });
    }

    @Test
    void aClickBeyondTheAllowedLatenessOfBothStreamsIsDroppedAndCountedLate() {
        // both streams have read up to 60m: the watermark is 55m
        harness.send(json(checkout("o-1", "u1", minutes(60), "100.00")), json(click("k-now", "u2", minutes(60), "email")));

        // a click at 50m is behind it (it would have been the first click)
        harness.send(json(click("k-old", "u1", minutes(50), "google")));
        // and a click exactly at the watermark is late too (Spark's rule: event_ts <= watermark), as is a checkout
        harness.send(json(click("k-edge", "u1", minutes(55), "google")), json(checkout("o-old", "u3", minutes(55), "1.00")));

        assertThat(stored.checkout("o-1").attributed()).isFalse();
        assertThat(stored.checkouts()).doesNotContainKey("o-old");
        assertThat(stored.metrics().lateDropped()).isEqualTo(3);
        assertThat(stored.metrics().eventsIn()).isEqualTo(5);
    }

    @Test
    void aClickBehindTheCheckoutsStreamButNotBehindTheClicksStreamIsNotLate() {
        // catch-up: the checkouts stream has read up to 120m, the clicks stream only up to 10m
        harness.send(json(checkout("o-1", "u1", minutes(60), "100.00")), json(checkout("o-2", "u2", minutes(120), "5.00")),
                json(click("k-early", "u9", minutes(10), "email")));
        harness.send(json(checkout("o-3", "u3", minutes(180), "5.00")));

        // 50m is 65 minutes behind what the checkouts stream has read, but ahead of the clicks stream
        harness.send(json(click("k-1", "u1", minutes(50), "google")));

        assertThat(stored.checkout("o-1")).satisfies(row -> {
            assertThat(row.clickId()).isEqualTo("k-1");
            assertThat(row.version()).isEqualTo(2);
        });
        assertThat(stored.metrics().lateDropped()).isZero();
    }

    @Test
    void aCheckoutWaitsForClicksTheJobHasNotReadYet() {
        // the clicks stream has read nothing: the watermark stays put however far the checkouts stream runs
        harness.send(json(checkout("o-1", "u1", minutes(60), "100.00")));
        harness.send(json(checkout("o-2", "u2", minutes(240), "5.00")));
        harness.send(json(checkout("o-3", "u3", minutes(300), "5.00")));

        harness.send(json(click("k-1", "u1", minutes(20), "google")), json(click("k-0", "u1", minutes(-5), "email")));

        // o-1 was still in state (not evicted at the checkouts stream's 295m): k-1 is in its window, k-0 is not
        assertThat(stored.checkout("o-1")).satisfies(row -> {
            assertThat(row.clickId()).isEqualTo("k-1");
            assertThat(row.trafficSource()).isEqualTo("google");
        });
        assertThat(stored.metrics().lateDropped()).isZero();
    }

    @Test
    void duplicatesCountOnce() {
        String k1 = json(click("k-1", "u1", minutes(50), "google"));
        String o1 = json(checkout("o-1", "u1", minutes(60), "25.50"));
        harness.send(k1, k1, o1, o1);
        harness.send(k1, o1);

        assertThat(stored.checkouts()).hasSize(1);
        assertThat(stored.checkout("o-1")).satisfies(row -> {
            assertThat(row.clickId()).isEqualTo("k-1");
            assertThat(row.version()).isEqualTo(1);
        });
        assertThat(stored.count("checkout_items")).isEqualTo(1);
        assertThat(stored.metrics().eventsIn()).isEqualTo(6);
        assertThat(stored.metrics().revenue()).isEqualByComparingTo("25.50");
    }

    @Test
    void tiesBreakBySmallerEventIdInOneBatchAndAcrossBatches() {
        harness.send(json(checkout("o-1", "u1", minutes(60), "10.00")),
                json(click("k-b", "u1", minutes(55), "facebook")), json(click("k-a", "u1", minutes(55), "google")),
                json(checkout("o-2", "u2", minutes(60), "10.00")), json(click("k-b2", "u2", minutes(57), "facebook")));
        // across batches: the smaller id at the same millisecond arrives after the larger was credited
        harness.send(json(click("k-a2", "u2", minutes(57), "google")));

        assertThat(stored.checkout("o-1").clickId()).isEqualTo("k-a");
        assertThat(stored.checkout("o-2")).satisfies(row -> {
            assertThat(row.clickId()).isEqualTo("k-a2");
            assertThat(row.version()).isEqualTo(2);
        });
    }

    @Test
    void aCheckoutIdReusedByTwoUsersGetsItsOwnersAnswerAndNeverFlips() {
        // A bad producer sent checkout o-9 for two users in one micro-batch: the state (per user) answers both.
        // Same time, total and currency, so the owner is the smaller user id by code point: "U-2" before "u-1".
        harness.send(json(checkout("o-9", "u-1", minutes(60), "30.00")), json(click("k-other", "u-1", minutes(59), "google")),
                json(checkout("o-9", "U-2", minutes(60), "30.00")), json(click("k-owner", "U-2", minutes(58), "email")));
        assertThat(stored.checkout("o-9")).satisfies(row -> {
            assertThat(row.userId()).isEqualTo("U-2");
            assertThat(row.clickId()).isEqualTo("k-owner");
            assertThat(row.version()).isEqualTo(1);
        });

        // (watermark 54m: the clicks stream is at 59m) each user's earlier click improves that user's answer; only the owner's reaches the row,
        // though the other user's clicks are earlier still, in the same batch and in one of its own
        harness.send(json(click("k-other-0", "u-1", minutes(56), "facebook")),
                json(click("k-owner-0", "U-2", minutes(57), "direct")));
        harness.send(json(click("k-other-00", "u-1", minutes(55).plusMillis(1), "facebook")));

        assertThat(stored.checkout("o-9")).satisfies(row -> {
            assertThat(row.userId()).isEqualTo("U-2");
            assertThat(row.clickId()).isEqualTo("k-owner-0");
            assertThat(row.trafficSource()).isEqualTo("direct");
            assertThat(row.version()).isEqualTo(2);
        });
        assertThat(stored.count("checkout_items")).isEqualTo(1);
        assertThat(stored.metrics().revenue()).isEqualByComparingTo("30.00");
        assertThat(harness.query().isActive()).isTrue();
    }

    @Test
    void bothWindowEndsAreInclusive() {
        harness.send(
                json(checkout("o-start", "u1", minutes(120), "10.00")),
                json(click("k-start", "u1", minutes(60), "google")),                                // exactly W before
                json(checkout("o-too-early", "u2", minutes(120), "10.00")),
                json(click("k-too-early", "u2", minutes(60).minusMillis(1), "google")),               // W + 1 ms before
                json(checkout("o-end", "u3", minutes(120), "10.00")),
                json(click("k-end", "u3", minutes(120), "direct")));                                // same millisecond

        assertThat(stored.checkout("o-start").clickId()).isEqualTo("k-start");
        assertThat(stored.checkout("o-too-early").attributed()).isFalse();
        assertThat(stored.checkout("o-end").clickId()).isEqualTo("k-end");
    }

    @Test
    void aCheckoutWithoutAnyCandidateIsStoredUnattributedAndClicksAfterTheCheckoutAreIgnored() {
        harness.send(json(checkout("o-none", "u1", minutes(60), "42.50")),
                json(checkout("o-after", "u2", minutes(60), "7.00")));
        harness.send(json(click("k-after", "u2", minutes(60).plusMillis(1), "google")),
                json(click("k-other-user", "u3", minutes(59), "google")));

        assertThat(stored.checkout("o-none")).satisfies(row -> {
            assertThat(row.attributed()).isFalse();
            assertThat(row.trafficSource()).isEqualTo("unattributed");
            assertThat(row.clickId()).isNull();
            assertThat(row.revenue()).isEqualByComparingTo("42.50");
        });
        assertThat(stored.checkout("o-after").attributed()).isFalse();
        assertThat(stored.checkout("o-after").version()).isEqualTo(1);
    }

    @Test
    void revenueTotalsAddUpAcrossBatchesUpgradesAndDuplicates() {
        harness.send(json(checkout("o-1", "u1", minutes(60), "10.10")), json(checkout("o-2", "u2", minutes(61), "20.20")),
                json(click("k-3", "u3", minutes(40), "email")));
        harness.send(json(click("k-1", "u1", minutes(59), "google")), json(checkout("o-3", "u3", minutes(62), "30.30")),
                json(checkout("o-1", "u1", minutes(60), "10.10")));
        harness.send(json(checkout("o-4", "u4", minutes(63), "40.40")));

        BigDecimal expected = new BigDecimal("101.00");
        assertThat(stored.scalar("SELECT sum(revenue) FROM ecommerce.attributed_checkouts")).isEqualByComparingTo(expected);
        assertThat(stored.scalar("SELECT sum(line_amount) FROM ecommerce.checkout_items")).isEqualByComparingTo(expected);
        assertThat(stored.metrics().revenue()).isEqualByComparingTo(expected);
        StoredRows.Metrics m = stored.metrics();
        // 4 first writes (2 attributed: o-3 at once, 2 unattributed at first) + 1 upgrade of o-1
        assertThat(m.attributed() + m.unattributed()).isEqualTo(5);
        assertThat(m.attributed()).isEqualTo(2);
        assertThat(stored.checkouts().values().stream().filter(StoredRows.Checkout::attributed).count()).isEqualTo(2);
    }

    @Test
    void malformedRecordsGoToDeadLettersWithTheirReasonAndTheQueryKeepsRunning() {
        harness.send("{not json", "{\"event_type\":\"refund\",\"event_id\":\"x\"}", "[1,2]",
                json(click("k-1", "u1", minutes(50), "google")).replace("\"mobile\"", "\"toaster\""),
                json(checkout("o-1", "u1", minutes(60), "10.00")).replace("\"USD\"", "\"usd\""),
                "{\"event_type\":\"click\",\"event_id\":\"k\\u0000escaped-nul\"}",
                "{\"event_type\":\"click\",\"event_id\":\"k\u0000raw-nul\"}");
        harness.send(json(checkout("o-2", "u1", minutes(61), "5.00")));

        assertThat(stored.deadLetters()).extracting(StoredRows.DeadLetter::reasonCode).containsExactlyInAnyOrder(
                "not_json", "unknown_event_type", "not_an_object", "unknown_device_type", "invalid_currency",
                "missing_field", "not_json");
        assertThat(stored.deadLetters()).filteredOn(d -> d.reasonCode().equals("invalid_currency"))
                .singleElement().satisfies(d -> {
                    assertThat(d.eventType()).isEqualTo("checkout");
                    assertThat(d.payload()).contains("\"usd\"");
                });
        assertThat(stored.checkouts()).containsOnlyKeys("o-2");
        StoredRows.Metrics m = stored.metrics();
        assertThat(m.rejected()).isEqualTo(7);
        assertThat(m.eventsIn()).isEqualTo(8);
        // PostgreSQL text cannot hold NUL: it is kept as U+FFFD rather than failing the batch
        assertThat(stored.deadLetters()).anySatisfy(d -> assertThat(d.payload()).contains("k\uFFFDraw-nul"));
        assertThat(harness.query().isActive()).isTrue();
    }

    @Test
    void progressRowsAreKeyedByQueryNameAndQueryId() {
        harness.send(json(checkout("o-1", "u1", T0.plus(Duration.ofMinutes(60)), "1.00")));
        assertThat(stored.progressKeys()).containsExactly(
                harness.arguments().queryName() + "/" + harness.query().id());
    }
}
