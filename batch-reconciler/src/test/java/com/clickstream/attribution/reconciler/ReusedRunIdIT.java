package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.curated.CuratedStore;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run ids come from the database; a database recreated (or restored) over the same bucket hands out run 1
 * again while the bucket still holds run 1's manifest from before. A new run must not take that manifest
 * for its own finished recompute (it would apply the old answers): it recomputes and replaces it. Found by
 * B1, whose every job run starts from empty tables over the same dataset.
 */
class ReusedRunIdIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    static Path workDir;

    static ReconcilerHarness reconciler;

    static final Map<String, String> OPTIONS = Map.of("from", "2024-03-01", "to", "2024-03-02", "buckets", "4");

    @BeforeAll
    static void start() {
        reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-reused-id", workDir, Map.of());
    }

    @AfterAll
    static void stop() {
        reconciler.close();
    }

    @Test
    void aRunWithTheIdOfAnOldRunRecomputesInsteadOfApplyingTheOldRunsRows() throws Exception {
        // given: run 1 reconciled o1 to k1
        RawBucket raw = RawBucket.emptied(S3.s3Client(), "raw-reused-id");
        Instant checkoutTs = Instant.parse("2024-03-01T10:00:00Z");
        Checkout o1 = checkout("o1", "u1", checkoutTs, "10.00");
        Click k1 = click("k1", "u1", checkoutTs.minusSeconds(600), "google");
        raw.arrives(o1, checkoutTs).arrives(k1, k1.getEventTs()).flush();
        ReconciliationLauncher.Outcome first = reconciler.reconcile(OPTIONS);
        assertThat(reconciler.table()).containsEntry("o1", Attribution.attributedTo(o1, k1));
        String firstCutOff = reconciler.bean(CuratedStore.class).manifest(first.runId().orElseThrow()).orElseThrow()
                .arrivalUntil();

        // when: the database starts over (run ids restart), an earlier click arrives late, and the range is reconciled
        POSTGRES.truncateAll("ecommerce");
        Click k0 = click("k0", "u1", checkoutTs.minusSeconds(1_800), "email");
        raw.arrives(k0, checkoutTs.plusSeconds(7_200)).flush();
        ReconciliationLauncher.Outcome second = reconciler.reconcile(OPTIONS);

        // then: the same run id, but recomputed: the new answer, and the manifest replaced
        assertThat(second.runId()).isEqualTo(first.runId());
        assertThat(second.succeeded()).isTrue();
        assertThat(reconciler.table()).containsEntry("o1", Attribution.attributedTo(o1, k0));
        assertThat(reconciler.bean(CuratedStore.class).manifest(second.runId().orElseThrow()).orElseThrow().arrivalUntil())
                .isNotEqualTo(firstCutOff);
    }
}
