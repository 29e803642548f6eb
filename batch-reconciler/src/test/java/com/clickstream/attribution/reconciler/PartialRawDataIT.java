package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partial raw data never makes a right answer wrong (docs/reconciler.md, "Partial raw data"): a clicks
 * object that became unreadable holds the clicks the stream rightly credited. A run that cannot read it
 * sees only later clicks (or none) for those checkouts; it must withhold those corrections and count them,
 * while it still applies what is right whatever the object held (an earlier click, a missing checkout).
 *
 * <p>Before PartialDataGuard the same run replaced o1's click by the later k1 and made o2 unattributed
 * (this test failed on the table assertion).
 */
class PartialRawDataIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    static Path workDir;

    static ReconcilerHarness reconciler;

    static final Instant DAY = Instant.parse("2024-03-01T00:00:00Z");

    @BeforeAll
    static void startReconciler() {
        reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-partial", workDir, Map.of());
    }

    @AfterAll
    static void stopReconciler() {
        reconciler.close();
    }

    static Instant at(String hhmm) {
        return Instant.parse("2024-03-01T" + hhmm + ":00Z");
    }

    @Test
    void aRunThatSkippedAClicksObjectWithholdsDowngradesAndAppliesUpgrades() throws Exception {
        // given: the stream's rows for o1 and o2 were right; their clicks k0 and k5 sit in a clicks object
        // that is now corrupt (its Parquet footer cut off)
        RawBucket raw = RawBucket.emptied(S3.s3Client(), "raw-partial");
        Click k0 = click("k0", "u1", at("09:50"), "google");
        Click k5 = click("k5", "u2", at("09:55"), "email");
        byte[] lost = new RawParquetWriter(EventType.CLICK).write(List.of(k0, k5));
        raw.put(RawLayout.objectKey(EventType.CLICK, at("09:50"), "part-lost"), Arrays.copyOf(lost, lost.length - 40));
        Click k1 = click("k1", "u1", at("10:05"), "facebook"); // later than k0: would replace it
        Click k7 = click("k7", "u3", at("10:00"), "affiliate"); // the stream missed it: an upgrade of o3
        Click k9 = click("k9", "u4", at("10:01"), "direct");
        Checkout o1 = checkout("o1", "u1", at("10:10"), "10.00");
        Checkout o2 = checkout("o2", "u2", at("10:10"), "20.00");
        Checkout o3 = checkout("o3", "u3", at("10:10"), "30.00");
        Checkout o4 = checkout("o4", "u4", at("10:10"), "40.00"); // the stream never wrote it: inserted
        for (var e : List.of(k1, k7, k9, o1, o2, o3, o4)) {
            raw.arrives(e, at("10:15"));
        }
        raw.flush();
        reconciler.seedStreamRow(Attribution.attributedTo(o1, k0));
        reconciler.seedStreamRow(Attribution.attributedTo(o2, k5));
        reconciler.seedStreamRow(Attribution.unattributed(o3));

        // when
        ReconciliationLauncher.Outcome outcome = reconciler.reconcile(
                Map.of("from", "2024-03-01T00:00:00Z", "to", "2024-03-02T00:00:00Z", "buckets", "4"));

        // then: the right rows stayed right, the upgrades were applied
        assertThat(reconciler.table()).isEqualTo(Map.of(
                "o1", Attribution.attributedTo(o1, k0),
                "o2", Attribution.attributedTo(o2, k5),
                "o3", Attribution.attributedTo(o3, k7),
                "o4", Attribution.attributedTo(o4, k9)));
        // and the run completed with one skipped object and two withheld corrections
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.skippedRawObjects()).isEqualTo(1);
        assertThat(outcome.withheldCorrections()).isEqualTo(2);
        assertThat(reconciler.ledger()).extracting(ReconcilerHarness.LedgerRow::checkoutId)
                .containsExactlyInAnyOrder("o3", "o4");
        Map<String, Object> run = reconciler.run(outcome.runId().orElseThrow());
        assertThat(run.get("status")).isEqualTo("completed_with_skips");
        JsonNode summary = new ObjectMapper().readTree((String) run.get("summary"));
        assertThat(summary.get("withheld_by_kind").get("later_click").asLong()).isEqualTo(1);
        assertThat(summary.get("withheld_by_kind").get("to_unattributed").asLong()).isEqualTo(1);
        assertThat(summary.get("skipped_objects").asInt()).isEqualTo(1);
        // and the raw-derived rollups, which would miss the skipped clicks, were not replaced
        assertThat(reconciler.jdbc().queryForObject("SELECT count(*) FROM ecommerce.rollup_daily_clicks", Long.class))
                .isZero();
    }
}
