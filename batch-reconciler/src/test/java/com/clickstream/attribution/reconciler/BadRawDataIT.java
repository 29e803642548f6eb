package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.support.BadParquet;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad objects in the raw bucket are skipped and reported with their key and reason; the rest of the
 * raw history is reconciled; the run completes with status completed_with_skips.
 */
class BadRawDataIT {

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
        reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-bad", workDir, Map.of());
    }

    @AfterAll
    static void stopReconciler() {
        reconciler.close();
    }

    @Test
    void badObjectsAreSkippedAndReportedAndTheRestIsReconciled() throws Exception {
        // given: good events, and next to them every kind of bad object
        RawBucket raw = RawBucket.emptied(S3.s3Client(), "raw-bad");
        Click k1 = click("k1", "u1", DAY.plusSeconds(36_000), "google");
        Checkout o1 = checkout("o1", "u1", DAY.plusSeconds(37_000), "12.00");
        Checkout o2 = checkout("o2", "u2", DAY.plusSeconds(38_000), "13.00");
        raw.arrives(k1, k1.getEventTs()).arrives(o1, o1.getEventTs()).arrives(o2, o2.getEventTs()).flush();
        Map<String, String> bad = new HashMap<>();
        bad.put("raw/click/dt=2024-03-01/hour=10/corrupt.parquet", "corrupt_parquet");
        raw.put("raw/click/dt=2024-03-01/hour=10/corrupt.parquet", "{\"not\": \"parquet\"}".getBytes(StandardCharsets.UTF_8));
        bad.put("raw/checkout/dt=2024-03-01/hour=11/empty.parquet", "empty_file");
        raw.put("raw/checkout/dt=2024-03-01/hour=11/empty.parquet", new byte[0]);
        bad.put("raw/click/dt=2024-03-01/hour=12/string-ts.parquet", "unexpected_column_type");
        raw.put("raw/click/dt=2024-03-01/hour=12/string-ts.parquet",
                BadParquet.clicksWithStringEventTs(click("k-bad", "u2", DAY.plusSeconds(37_500), "email")));
        bad.put("raw/click/dt=2024-03-01/hour=13/checkouts-in-the-click-folder.parquet", "missing_column");
        raw.put("raw/click/dt=2024-03-01/hour=13/checkouts-in-the-click-folder.parquet",
                new RawParquetWriter(EventType.CHECKOUT).write(List.of(checkout("o-x", "u3", DAY.plusSeconds(40_000), "1.00"))));
        bad.put("raw/click/dt=2024-03-01/hour=xx/bad-hour.parquet", "unparseable_partition");
        raw.put("raw/click/dt=2024-03-01/hour=xx/bad-hour.parquet", new RawParquetWriter(EventType.CLICK).write(List.of(k1)));
        bad.put("raw/click/dt=2024-02-31/", "unparseable_partition");
        raw.put("raw/click/dt=2024-02-31/hour=10/bad-day.parquet", new RawParquetWriter(EventType.CLICK).write(List.of(k1)));
        bad.put("raw/checkout/stray.parquet", "unparseable_partition");
        raw.put("raw/checkout/stray.parquet", new RawParquetWriter(EventType.CHECKOUT).write(List.of(o1)));
        reconciler.seedStreamRow(Attribution.unattributed(o1)); // k1 arrived on time: the stream missed it

        // when
        ReconciliationLauncher.Outcome outcome = reconciler.reconcile(
                Map.of("from", "2024-03-01T00:00:00Z", "to", "2024-03-02T00:00:00Z", "buckets", "4"));

        // then: the run completed, with skips
        assertThat(outcome.succeeded()).isTrue();
        Map<String, Object> run = reconciler.run(outcome.runId().orElseThrow());
        assertThat(run.get("status")).isEqualTo("completed_with_skips");
        assertThat(run.get("skipped_objects")).isEqualTo(bad.size());
        Map<String, String> skipped = new HashMap<>();
        for (JsonNode skip : new ObjectMapper().readTree((String) run.get("skips"))) {
            skipped.put(skip.get("key").asText(), skip.get("reason").asText());
        }
        assertThat(skipped).isEqualTo(bad);
        // and the good events were reconciled as attribution-core says
        Map<String, Attribution> expected = ReconcilerHarness.expected(raw.all(), DAY, DAY.plusSeconds(86_400),
                AttributionWindow.DEFAULT);
        assertThat(reconciler.table()).isEqualTo(expected);
        assertThat(reconciler.ledger()).extracting(ReconcilerHarness.LedgerRow::checkoutId).containsExactlyInAnyOrder("o1", "o2");
        assertThat(run.get("events_read")).isEqualTo(3L);
    }
}
