package com.clickstream.attribution.stream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.CheckoutOwner;
import com.clickstream.attribution.core.rules.FirstClickMerge;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.stream.StoredRows;
import com.clickstream.attribution.stream.TestEvents;
import com.clickstream.attribution.stream.sink.model.AttributedCheckoutRow;
import com.clickstream.attribution.stream.sink.model.CheckoutItemRow;
import com.clickstream.attribution.stream.sink.model.DeadLetterRow;
import com.clickstream.attribution.stream.sink.model.SinkBatch;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC writer on its own against embedded PostgreSQL: one transaction, replays, failures, the min rule. */
class PostgresBatchWriterIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    private PostgresBatchWriter writer;
    private StoredRows stored;

    private final Checkout o1 = TestEvents.checkout("o-1", "u1", TestEvents.minutes(60), "30.00");
    private final Click early = TestEvents.click("k-early", "u1", TestEvents.minutes(40), "google");
    private final Click late = TestEvents.click("k-late", "u1", TestEvents.minutes(50), "email");

    @BeforeEach
    void setUp() {
        POSTGRES.truncateAll("ecommerce");
        writer = new PostgresBatchWriter(new DatabaseSettings(POSTGRES.jdbcUrl(), POSTGRES.user(), null),
                new DbRetrier(DbRetryPolicy.retryingFor(Duration.ZERO)));
        stored = new StoredRows(POSTGRES.dataSource());
    }

    @AfterEach
    void tearDown() {
        writer.close();
    }

    private static AttributedCheckoutRow row(Attribution a) {
        var click = a.click().orElse(null);
        return new AttributedCheckoutRow(a.checkoutId(), a.userId(), a.checkoutTs(), a.revenue(), a.currency(),
                a.attributed(), click == null ? null : click.clickId(), click == null ? null : click.clickTs(),
                a.trafficSource(), click == null ? null : click.campaignId(), click == null ? null : click.deviceType(),
                click == null ? null : click.productId(), click == null ? null : click.productCategory());
    }

    private SinkBatch batch(List<Attribution> answers, List<DeadLetterRow> deadLetters, long eventsIn) {
        List<CheckoutItemRow> items = answers.stream().map(a -> new CheckoutItemRow(a.checkoutId(), 1, "p-1", "Product 1",
                a.revenue(), 1)).distinct().toList();
        return new SinkBatch(answers.stream().map(PostgresBatchWriterIT::row).toList(), items, deadLetters, eventsIn, 0, 0);
    }

    @Test
    void replayingACommittedBatchIdChangesNothing() throws SQLException {
        SinkBatch b = batch(List.of(Attribution.attributedTo(o1, late)),
                List.of(new DeadLetterRow("click", "not_json", "x", "{", "clicks", "u1", "1")), 3);
        PostgresBatchWriter.Outcome first = writer.write("q/1", 0, b);
        var before = stored.checkouts();
        var metricsBefore = stored.metrics();

        PostgresBatchWriter.Outcome replay = writer.write("q/1", 0, b);

        assertThat(first.replay()).isFalse();
        assertThat(first.rowsWritten()).isEqualTo(1);
        assertThat(replay.replay()).isTrue();
        assertThat(replay.rowsWritten()).isZero();
        assertThat(stored.checkouts()).isEqualTo(before);
        assertThat(stored.metrics()).isEqualTo(metricsBefore);
        assertThat(stored.deadLetters()).hasSize(1);
        assertThat(stored.count("checkout_items")).isEqualTo(1);
    }

    @Test
    void aReplayThatReadMoreRecordsWritesThemAndCountsOnlyTheDifference() throws SQLException {
        writer.write("q/1", 7, batch(List.of(Attribution.unattributed(o1)), List.of(), 1));
        SinkBatch reread = batch(List.of(Attribution.attributedTo(o1, early)),
                List.of(new DeadLetterRow(null, "not_json", null, "{", "clicks", "u1", "2")), 3);

        PostgresBatchWriter.Outcome replay = writer.write("q/1", 7, reread);
        var afterReplay = stored.metrics();
        writer.write("q/1", 7, reread);

        assertThat(replay.replay()).isTrue();
        assertThat(stored.checkout("o-1").clickId()).isEqualTo("k-early");
        assertThat(stored.deadLetters()).hasSize(1);
        // 1 record counted by the first run + the 2 the replay read in addition; the rejected one once
        assertThat(afterReplay.eventsIn()).isEqualTo(3);
        assertThat(afterReplay.rejected()).isEqualTo(1);
        assertThat(afterReplay.attributed()).isEqualTo(1);
        // a second, exact replay counts nothing more
        assertThat(stored.metrics()).isEqualTo(afterReplay);
    }

    @Test
    void aReRunThatReadLessCarriesTheRestSoTheNextBatchDoesNotCountItTwice() throws SQLException {
        // Run 1 of batch 7 read 5 records (one malformed) and the sink committed; the job died before Spark did.
        DeadLetterRow bad = new DeadLetterRow(null, "not_json", null, "{", "clicks", "u1", "5");
        writer.write("q/1", 7, batch(List.of(Attribution.unattributed(o1)), List.of(bad), 5));
        // Run 2 of batch 7 (a new JVM) read nothing: its tasks used up the fetch budget before reading.
        PostgresBatchWriter.Outcome empty = writer.write("q/1", 7, new SinkBatch(List.of(), List.of(), List.of(), 0, 0, 0));
        // Batch 8 starts where run 2 ended, so it reads those 5 records again, 2 of them only partly: 3 here ...
        PostgresBatchWriter.Outcome partly = writer.write("q/1", 8, batch(List.of(Attribution.unattributed(o1)),
                List.of(bad), 3));
        // ... and the other 2 plus 4 new ones in batch 9.
        PostgresBatchWriter.Outcome rest = writer.write("q/1", 9, batch(List.of(Attribution.attributedTo(o1, early)),
                List.of(), 6));

        assertThat(empty.replay()).isTrue();
        assertThat(empty.eventsCarried()).isEqualTo(5);
        assertThat(partly.eventsCounted()).isZero();
        assertThat(partly.eventsCarried()).isEqualTo(2);
        assertThat(rest.eventsCounted()).isEqualTo(4);
        assertThat(rest.carriedToNext()).isFalse();
        var metrics = stored.metrics();
        assertThat(metrics.eventsIn()).as("5 + 4 distinct records, whatever the re-runs read").isEqualTo(9);
        assertThat(metrics.rejected()).isEqualTo(1);
        assertThat(stored.deadLetters()).hasSize(1);
        assertThat(stored.scalar("SELECT sum(events_in) FROM ecommerce.stream_progress")).isEqualByComparingTo("9");
        assertThat(stored.checkout("o-1").clickId()).isEqualTo("k-early");
        // an exact replay of batch 9 now changes nothing
        writer.write("q/1", 9, batch(List.of(Attribution.attributedTo(o1, early)), List.of(), 6));
        assertThat(stored.metrics()).isEqualTo(metrics);
    }

    @Test
    void aReRunThatReadMoreThanItsCarryClearsIt() throws SQLException {
        writer.write("q/1", 3, batch(List.of(Attribution.unattributed(o1)), List.of(), 4));
        writer.write("q/1", 3, batch(List.of(), List.of(), 1)); // re-run read 1: 3 carried to batch 4
        // killed again before Spark's commit; the third run of batch 3 reads 6: 2 new records
        PostgresBatchWriter.Outcome third = writer.write("q/1", 3, batch(List.of(Attribution.unattributed(o1)), List.of(), 6));
        PostgresBatchWriter.Outcome next = writer.write("q/1", 4, batch(List.of(), List.of(), 2));

        assertThat(third.eventsCounted()).isEqualTo(2);
        assertThat(third.carriedToNext()).isFalse();
        assertThat(next.eventsCounted()).as("batch 4's records are new: the carry was cleared").isEqualTo(2);
        assertThat(stored.metrics().eventsIn()).isEqualTo(8);
    }

    @Test
    void anEmptyBatchWithNoRowWritesNothing() throws SQLException {
        PostgresBatchWriter.Outcome outcome = writer.write("q/1", 0, new SinkBatch(List.of(), List.of(), List.of(), 0, 0, 0));
        assertThat(outcome.replay()).isFalse();
        assertThat(stored.count("stream_progress")).isZero();
        assertThat(stored.count("stream_metrics")).isZero();
    }

    @Test
    void theSameBatchIdOfAnotherQueryIsNotAReplay() throws SQLException {
        writer.write("q/checkpoint-a", 0, batch(List.of(Attribution.unattributed(o1)), List.of(), 1));
        PostgresBatchWriter.Outcome other = writer.write("q/checkpoint-b", 0,
                batch(List.of(Attribution.attributedTo(o1, late)), List.of(), 1));

        assertThat(other.replay()).isFalse();
        assertThat(stored.metrics().eventsIn()).isEqualTo(2);
        assertThat(stored.checkout("o-1").version()).isEqualTo(2);
    }

    @Test
    void theUpsertKeepsTheMinimumInAnyOrderAndCountsOnlyRealChanges() throws SQLException {
        writer.write("q/1", 0, batch(List.of(Attribution.attributedTo(o1, late)), List.of(), 1));
        writer.write("q/1", 1, batch(List.of(Attribution.attributedTo(o1, early)), List.of(), 1));
        PostgresBatchWriter.Outcome worse = writer.write("q/1", 2, batch(List.of(Attribution.attributedTo(o1, late)), List.of(), 1));
        PostgresBatchWriter.Outcome unattributed = writer.write("q/1", 3, batch(List.of(Attribution.unattributed(o1)), List.of(), 1));

        assertThat(stored.checkout("o-1")).satisfies(r -> {
            assertThat(r.clickId()).isEqualTo("k-early");
            assertThat(r.version()).isEqualTo(2);
        });
        assertThat(worse.rowsWritten()).isZero();
        assertThat(unattributed.rowsWritten()).isZero();
        assertThat(stored.metrics().revenue()).isEqualByComparingTo("30.00");
        assertThat(stored.metrics().attributed()).isEqualTo(2);
    }

    @Test
    void idsCompareInCodePointOrderLikeJava() throws SQLException {
        // 'K' (U+004B) sorts before 'k' (U+006B) in code-point order; a linguistic collation says otherwise.
        Click lower = TestEvents.click("k-a", "u1", TestEvents.minutes(45), "google");
        Click upper = TestEvents.click("K-b", "u1", TestEvents.minutes(45), "email");
        Attribution stored1 = Attribution.attributedTo(o1, lower);
        Attribution incoming = Attribution.attributedTo(o1, upper);
        writer.write("q/1", 0, batch(List.of(stored1), List.of(), 1));
        writer.write("q/1", 1, batch(List.of(incoming), List.of(), 1));

        String expected = FirstClickMerge.merge(stored1, incoming).click().orElseThrow().clickId();
        assertThat(expected).isEqualTo("K-b");
        assertThat(stored.checkout("o-1").clickId()).isEqualTo(expected);
    }

    // A bad producer reused checkout id o-9 for two users. Same time, total and currency: the owner is the
    // smaller user id by code point, "U-2" ('U' is U+0055, 'u' U+0075), where a linguistic collation says "u-1".
    private final Checkout ownerCopy = TestEvents.checkout("o-9", "U-2", TestEvents.minutes(60), "30.00");
    private final Checkout otherCopy = TestEvents.checkout("o-9", "u-1", TestEvents.minutes(60), "30.00");
    // the other user's click is earlier: the min rule on clicks alone would credit it to the owner's checkout
    private final Attribution ownerAnswer = Attribution.attributedTo(ownerCopy,
            TestEvents.click("k-owner", "U-2", TestEvents.minutes(50), "email"));
    private final Attribution otherAnswer = Attribution.attributedTo(otherCopy,
            TestEvents.click("k-other", "u-1", TestEvents.minutes(40), "google"));

    @Test
    void aCheckoutIdReusedByTwoUsersInOneBatchCommitsWithTheOwnersAnswerInEitherOrder() throws SQLException {
        for (List<Attribution> answers : List.of(List.of(ownerAnswer, otherAnswer), List.of(otherAnswer, ownerAnswer))) {
            POSTGRES.truncateAll("ecommerce");

            PostgresBatchWriter.Outcome outcome = writer.write("q/1", 0, batch(answers, List.of(), 2));

            assertThat(answers.stream().min(CheckoutOwner.ANSWERS).orElseThrow()).isEqualTo(ownerAnswer);
            assertThat(stored.checkout("o-9")).satisfies(r -> {
                assertThat(r.userId()).isEqualTo("U-2");
                assertThat(r.clickId()).isEqualTo("k-owner");
                assertThat(r.trafficSource()).isEqualTo("email");
                assertThat(r.version()).isEqualTo(1);
            });
            assertThat(outcome.rowsWritten()).isEqualTo(1);
            assertThat(stored.metrics().revenue()).isEqualByComparingTo("30.00");
            assertThat(stored.metrics().attributed()).isEqualTo(1);
        }
    }

    @Test
    void aCheckoutIdReusedByTwoUsersAcrossBatchesEndsWithTheOwnersRowInEitherOrderAndReplaysChangeNothing()
            throws SQLException {
        // Here the owner is decided by revenue: the other user's copy is larger and its answer attributed.
        Attribution owner = Attribution.unattributed(TestEvents.checkout("o-9", "u-9", TestEvents.minutes(60), "30.00"));
        Attribution other = Attribution.attributedTo(TestEvents.checkout("o-9", "u-1", TestEvents.minutes(60), "45.00"),
                TestEvents.click("k-other", "u-1", TestEvents.minutes(40), "google"));
        List<StoredRows.Checkout> finalRows = new ArrayList<>();
        for (List<Attribution> order : List.of(List.of(owner, other), List.of(other, owner))) {
            POSTGRES.truncateAll("ecommerce");
            SinkBatch first = batch(List.of(order.get(0)), List.of(), 1);
            SinkBatch second = batch(List.of(order.get(1)), List.of(), 1);
            writer.write("q/1", 0, first);
            writer.write("q/1", 1, second);
            var row = stored.checkout("o-9");
            var metrics = stored.metrics();

            PostgresBatchWriter.Outcome replayFirst = writer.write("q/1", 0, first);
            PostgresBatchWriter.Outcome replaySecond = writer.write("q/1", 1, second);

            assertThat(row.userId()).isEqualTo("u-9");
            assertThat(row.revenue()).isEqualByComparingTo("30.00");
            assertThat(row.attributed()).isFalse();
            assertThat(row.trafficSource()).isEqualTo("unattributed");
            assertThat(metrics.revenue()).as("the stored revenue, whichever copy came first").isEqualByComparingTo("30.00");
            assertThat(replayFirst.rowsWritten()).isZero();
            assertThat(replaySecond.rowsWritten()).isZero();
            assertThat(stored.checkout("o-9")).isEqualTo(row);
            assertThat(stored.metrics()).isEqualTo(metrics);
            finalRows.add(row);
        }
        // the same row in both orders; only the version says whether the owner had to replace the other copy
        assertThat(finalRows.get(0).version()).isEqualTo(1);
        assertThat(finalRows.get(1).version()).isEqualTo(2);
        assertThat(finalRows.get(1)).usingRecursiveComparison().ignoringFields("version").isEqualTo(finalRows.get(0));
    }

    @Test
    void onceTheOwnerIsStoredOnlyTheOwnersEarlierClicksChangeTheRow() throws SQLException {
        Attribution ownerUnattributed = Attribution.unattributed(ownerCopy);
        Attribution ownerEarlier = Attribution.attributedTo(ownerCopy,
                TestEvents.click("k-owner-0", "U-2", TestEvents.minutes(45), "facebook"));
        writer.write("q/1", 0, batch(List.of(ownerUnattributed, otherAnswer), List.of(), 2));

        PostgresBatchWriter.Outcome other = writer.write("q/1", 1, batch(List.of(otherAnswer), List.of(), 1));
        writer.write("q/1", 2, batch(List.of(ownerAnswer), List.of(), 1));
        writer.write("q/1", 3, batch(List.of(ownerEarlier), List.of(), 1));
        PostgresBatchWriter.Outcome later = writer.write("q/1", 4, batch(List.of(ownerAnswer), List.of(), 1));

        assertThat(other.rowsWritten()).isZero();
        assertThat(later.rowsWritten()).isZero();
        assertThat(stored.checkout("o-9")).satisfies(r -> {
            assertThat(r.userId()).isEqualTo("U-2");
            assertThat(r.clickId()).isEqualTo("k-owner-0");
            assertThat(r.version()).isEqualTo(3);
        });
        assertThat(stored.metrics().revenue()).isEqualByComparingTo("30.00");
    }

    @Test
    void aFailedWriteThrowsAndLeavesNothingBehindSoTheBatchCanRunAgain() throws SQLException {
        // A click after its checkout violates a CHECK constraint: the whole batch must roll back.
        Click afterCheckout = TestEvents.click("k-after", "u1", TestEvents.minutes(61), "google");
        SinkBatch bad = batch(List.of(Attribution.attributedTo(o1, afterCheckout)),
                List.of(new DeadLetterRow(null, "not_json", null, "{", "clicks", "u1", "9")), 2);

        assertThatThrownBy(() -> writer.write("q/1", 0, bad)).isInstanceOf(SQLException.class)
                .hasMessageContaining("attributed_checkouts_click_not_after_checkout");
        assertThat(stored.count("stream_progress")).isZero();
        assertThat(stored.count("dead_letters")).isZero();
        assertThat(stored.count("stream_metrics")).isZero();

        PostgresBatchWriter.Outcome retry = writer.write("q/1", 0, batch(List.of(Attribution.unattributed(o1)), List.of(), 2));
        assertThat(retry.replay()).isFalse();
        assertThat(stored.metrics().revenue()).isEqualByComparingTo(new BigDecimal("30.00"));
    }

    @Test
    void aWriteWhileTheServerIsDownWaitsForItAndSucceedsOnceItIsBack() throws Exception {
        writer.write("q/1", 0, batch(List.of(Attribution.unattributed(o1)), List.of(), 1)); // opens a connection
        PostgresBatchWriter patient = new PostgresBatchWriter(new DatabaseSettings(POSTGRES.jdbcUrl(), POSTGRES.user(),
                null, Duration.ofMinutes(1)));
        patient.write("q/1", 1, batch(List.of(Attribution.attributedTo(o1, late)), List.of(), 1)); // its connection
        POSTGRES.stopServer();
        ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor();
        try {
            // down long enough for several refused connections (08001) before it comes back
            var restarted = restarter.schedule(() -> {
                POSTGRES.restartServer();
                return null;
            }, 3, TimeUnit.SECONDS);
            PostgresBatchWriter.Outcome outcome = patient.write("q/1", 2,
                    batch(List.of(Attribution.attributedTo(o1, early)), List.of(), 2));
            restarted.get();
            assertThat(outcome.replay()).isFalse();
            assertThat(stored.checkout("o-1").clickId()).isEqualTo("k-early");
            assertThat(stored.metrics().eventsIn()).isEqualTo(4);
        } finally {
            restarter.shutdownNow();
            patient.close();
            POSTGRES.restartServer(); // no-op when it is running
        }
        // the writer with no retry budget held a connection the restart broke: it fails once, at once
        assertThatThrownBy(() -> writer.write("q/1", 3, batch(List.of(), List.of(), 1)))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(DbRetryPolicy.isRetryable((SQLException) e)).isTrue());
        writer.write("q/1", 3, batch(List.of(), List.of(), 1)); // and reconnects on the next call
        assertThat(stored.metrics().eventsIn()).isEqualTo(5);
    }

    @Test
    void aNonRetryableErrorFailsAtOnceWhateverTheBudget() {
        List<Duration> waits = new ArrayList<>();
        PostgresBatchWriter patient = new PostgresBatchWriter(new DatabaseSettings(POSTGRES.jdbcUrl(), POSTGRES.user(),
                null), new DbRetrier(DbRetryPolicy.retryingFor(Duration.ofMinutes(5)), waits::add, System::nanoTime,
                () -> 0.5));
        Click afterCheckout = TestEvents.click("k-after", "u1", TestEvents.minutes(61), "google");
        try {
            assertThatThrownBy(() -> patient.write("q/1", 0, batch(List.of(Attribution.attributedTo(o1, afterCheckout)),
                    List.of(), 1))).isInstanceOf(SQLException.class).hasMessageContaining("click_not_after_checkout");
        } finally {
            patient.close();
        }
        assertThat(waits).as("no retry of a constraint violation").isEmpty();
    }
}
