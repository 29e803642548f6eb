package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.raw.UserBuckets;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkout id reused by two users (a bad producer) has one owner — the copy with the smallest
 * {@code (checkout_ts, revenue, currency, user_id)}, attribution-core's {@code CheckoutOwner}, the rule the
 * stream's sink applies too — and its answer is first-click over the owner's clicks only. The users sit
 * in different buckets, so each bucket sees one copy: the reconciler must still write one answer, never
 * fail a restart on the ledger's one-row-per-checkout rule, and never flip the row between runs.
 */
class CheckoutIdCollisionIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    static Path workDir;

    static ReconcilerHarness reconciler;

    static final Map<String, String> OPTIONS = Map.of("from", "2024-03-01", "to", "2024-03-02", "buckets", "4");
    static final String OWNER = "u-a";
    static final String OTHER = "u-b";
    static final Instant CHECKOUT_TS = Instant.parse("2024-03-01T10:00:00Z");

    static Checkout owners;
    static Click ownersClick;

    @BeforeAll
    static void start() {
        assertThat(UserBuckets.bucketOf(OWNER, 4)).as("the two users must land in different buckets")
                .isNotEqualTo(UserBuckets.bucketOf(OTHER, 4));
        reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-collision", workDir, Map.of());
    }

    @AfterAll
    static void stop() {
        reconciler.close();
    }

    @BeforeEach
    void twoUsersSendTheSameCheckoutId() {
        POSTGRES.truncateAll("ecommerce");
        RawBucket raw = RawBucket.emptied(S3.s3Client(), "raw-collision");
        owners = checkout("o1", OWNER, CHECKOUT_TS, "10.00");
        Checkout others = checkout("o1", OTHER, CHECKOUT_TS, "10.00"); // same id, time and total: user_id decides
        ownersClick = click("k-a", OWNER, CHECKOUT_TS.minusSeconds(600), "google");
        Click othersEarlierClick = click("k-b", OTHER, CHECKOUT_TS.minusSeconds(1_800), "email");
        for (var e : List.of(owners, others, ownersClick, othersEarlierClick)) {
            raw.arrives(e, CHECKOUT_TS);
        }
        raw.flush();
    }

    @Test
    void theStreamsOwnerAnswerStaysAndRunsAgainWriteNothing() throws Exception {
        // given: the stream stored the owner's answer (the sink's rule)
        reconciler.seedStreamRow(Attribution.attributedTo(owners, ownersClick));

        // when: two runs
        ReconciliationLauncher.Outcome first = reconciler.reconcile(OPTIONS);
        ReconciliationLauncher.Outcome second = reconciler.reconcile(OPTIONS);

        // then: both complete, nothing changed, no ledger row
        assertThat(first.succeeded()).isTrue();
        assertThat(second.succeeded()).isTrue();
        assertThat(reconciler.table()).isEqualTo(Map.of("o1", Attribution.attributedTo(owners, ownersClick)));
        assertThat(reconciler.ledger()).isEmpty();
        assertThat(reconciler.versions()).containsEntry("o1", 1);
    }

    @Test
    void aMissingCheckoutIsInsertedOnceAsTheOwnersAndNeverFlips() throws Exception {
        // when: the stream never wrote o1; three runs
        List<ReconciliationLauncher.Outcome> runs = List.of(reconciler.reconcile(OPTIONS), reconciler.reconcile(OPTIONS),
                reconciler.reconcile(OPTIONS));

        // then
        assertThat(runs).allMatch(ReconciliationLauncher.Outcome::succeeded);
        assertThat(reconciler.table()).isEqualTo(Map.of("o1", Attribution.attributedTo(owners, ownersClick)));
        assertThat(reconciler.ledger()).singleElement().satisfies(row -> {
            assertThat(row.checkoutId()).isEqualTo("o1");
            assertThat(row.newClickId()).isEqualTo("k-a");
        });
        assertThat(reconciler.versions()).containsEntry("o1", 1);
    }
}
