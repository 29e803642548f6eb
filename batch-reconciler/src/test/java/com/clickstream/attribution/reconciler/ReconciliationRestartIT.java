package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.support.ChunkFailureHook;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness.LedgerRow;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

/**
 * A run that dies in the middle of an apply partition completes when launched again with the same
 * parameters: the same job instance and run row, no second recompute (the curated rows of the first are
 * applied), committed chunks not redone, no ledger row written twice, and the same final table and rollups
 * as an uninterrupted run.
 */
class ReconciliationRestartIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    static Path workDir;

    static ReconcilerHarness reconciler;

    static final Instant DAY = Instant.parse("2024-03-01T00:00:00Z");
    /** Two buckets of ~20 users, 3 users per chunk: each partition commits several chunks. */
    static final Map<String, String> OPTIONS = Map.of("from", "2024-03-01T00:00:00Z", "to", "2024-03-02T00:00:00Z",
            "buckets", "2");
    static final int USERS = 40;

    RawBucket raw;

    @BeforeAll
    static void startReconciler() {
        reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-restart", workDir,
                Map.of("reconciler.stale-after", "1s"), ChunkFailureHook.Registration.class);
    }

    @AfterAll
    static void stopReconciler() {
        reconciler.close();
    }

    @BeforeEach
    void givenAHistoryWhereEveryCheckoutNeedsACorrection() {
        POSTGRES.truncateAll("ecommerce");
        raw = RawBucket.emptied(S3.s3Client(), "raw-restart");
        for (int u = 0; u < USERS; u++) {
            Instant checkoutTs = DAY.plusSeconds(3_600L + u * 600L);
            Click early = click("k-early-" + u, "user-" + u, checkoutTs.minusSeconds(1_800), "google");
            Click late = click("k-late-" + u, "user-" + u, checkoutTs.minusSeconds(600), "email");
            Checkout order = checkout("o-" + u, "user-" + u, checkoutTs, (10 + u) + ".00");
            // the early click arrived two hours late, after the stream had credited the later one
            raw.arrives(late, late.getEventTs()).arrives(order, checkoutTs).arrives(early, checkoutTs.plusSeconds(7_200));
            if (u % 2 == 0) {
                reconciler.seedStreamRow(Attribution.attributedTo(order, late));
            } // odd users: the stream never wrote the checkout
        }
        raw.flush();
    }

    @Test
    void aRunThatFailsMidPartitionCompletesWhenRestarted() throws Exception {
        // given: the 4th chunk of the run fails after writing, inside its transaction
        reconciler.bean(ChunkFailureHook.class).failChunk(4);

        // when
        ReconciliationLauncher.Outcome failed = reconciler.reconcile(OPTIONS);
        int ledgerAfterFailure = reconciler.ledger().size();
        ReconciliationLauncher.Outcome restarted = reconciler.reconcile(OPTIONS);

        // then: the first execution failed with some chunks committed, the run was marked failed
        assertThat(failed.execution().getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(ledgerAfterFailure).isBetween(1, USERS - 1);
        // and the restart continued the same run to the same answer as an uninterrupted run
        thenTheRestartCompletedTheSameRun(failed, restarted);
        // and only the failed partition ran again, from the curated rows: no second recompute
        assertThat(reconciler.jdbc().queryForObject("SELECT count(*) FROM batch.batch_step_execution "
                + "WHERE job_execution_id = ? AND step_name LIKE 'applyBucketStep:%'", Long.class,
                restarted.execution().getId())).isEqualTo(1L);
        assertThat(reconciler.jdbc().queryForObject("SELECT count(*) FROM batch.batch_step_execution "
                + "WHERE job_execution_id = ? AND step_name = 'recomputeStep'", Long.class,
                restarted.execution().getId())).isZero();
    }

    @Test
    void aRunWhoseProcessWasKilledIsRestartedOnceStale() throws Exception {
        // given: a run that died (as a killed JVM leaves it: still STARTED, nothing updated since)
        reconciler.bean(ChunkFailureHook.class).failChunk(4);
        ReconciliationLauncher.Outcome died = reconciler.reconcile(OPTIONS);
        long execution = died.execution().getId();
        reconciler.jdbc().update("UPDATE batch.batch_job_execution SET status = 'STARTED', exit_code = 'UNKNOWN', "
                + "end_time = NULL, last_updated = now() - interval '1 hour' WHERE job_execution_id = ?", execution);
        reconciler.jdbc().update("UPDATE batch.batch_step_execution SET status = 'STARTED', end_time = NULL "
                + "WHERE job_execution_id = ? AND status = 'FAILED'", execution);
        reconciler.jdbc().update("UPDATE batch.batch_step_execution SET last_updated = now() - interval '1 hour' "
                + "WHERE job_execution_id = ?", execution);
        reconciler.jdbc().update("UPDATE ecommerce.reconciliation_runs SET status = 'running', finished_at = NULL");

        // when
        ReconciliationLauncher.Outcome restarted = reconciler.reconcile(OPTIONS);

        // then
        thenTheRestartCompletedTheSameRun(died, restarted);
        assertThat(reconciler.jdbc().queryForObject(
                "SELECT status FROM batch.batch_job_execution WHERE job_execution_id = ?", String.class, execution))
                .isEqualTo("FAILED");
    }

    private void thenTheRestartCompletedTheSameRun(ReconciliationLauncher.Outcome first,
            ReconciliationLauncher.Outcome restarted) {
        assertThat(restarted.restarted()).isTrue();
        assertThat(restarted.succeeded()).isTrue();
        assertThat(restarted.execution().getJobInstance().getInstanceId())
                .isEqualTo(first.execution().getJobInstance().getInstanceId());
        assertThat(restarted.runId()).isEqualTo(first.runId());

        Map<String, Attribution> expected = ReconcilerHarness.expected(raw.all(), DAY, DAY.plusSeconds(86_400),
                AttributionWindow.DEFAULT);
        assertThat(reconciler.table()).isEqualTo(expected);
        assertThat(reconciler.ledger()).hasSize(USERS)
                .extracting(LedgerRow::checkoutId).doesNotHaveDuplicates();
        assertThat(reconciler.ledger()).extracting(LedgerRow::runId).containsOnly(first.runId().orElseThrow());
        Map<String, String> reasons = reconciler.ledger().stream()
                .collect(Collectors.toMap(LedgerRow::checkoutId, LedgerRow::reason));
        for (int u = 0; u < USERS; u++) {
            assertThat(reasons.get("o-" + u)).isEqualTo(u % 2 == 0 ? "late_click" : "missed_by_stream");
        }
        assertThat(reconciler.versions().values()).allSatisfy(v -> assertThat(v).isIn(1, 2));

        Map<String, Object> run = reconciler.run(first.runId().orElseThrow());
        assertThat(run.get("status")).isEqualTo("completed");
        assertThat(run.get("corrections")).isEqualTo((long) USERS);
        assertThat(run.get("checkouts")).isEqualTo((long) USERS);
        assertThat(run.get("job_execution_id")).isEqualTo(restarted.execution().getId());

        // rollups count every checkout once although half the partitions' totals come from the failed execution
        BigDecimal revenue = expected.values().stream().map(Attribution::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(reconciler.jdbc().queryForList("SELECT sum(credited_revenue) FROM ecommerce.rollup_daily_model_source "
                + "GROUP BY model", BigDecimal.class)).hasSize(AttributionModel.values().length)
                .allSatisfy(r -> assertThat(r).isEqualByComparingTo(revenue));
        assertThat(reconciler.jdbc().queryForObject("SELECT sum(revenue) FROM ecommerce.rollup_daily_conversion_paths",
                BigDecimal.class)).isEqualByComparingTo(revenue);
        assertThat(reconciler.jdbc().queryForObject("SELECT sum(clicks) FROM ecommerce.rollup_daily_clicks", Long.class))
                .isEqualTo(2L * USERS);
    }
}
