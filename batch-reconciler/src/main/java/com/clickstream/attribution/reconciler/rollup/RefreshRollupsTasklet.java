package com.clickstream.attribution.reconciler.rollup;

import com.clickstream.attribution.core.curated.CuratedRollupPartial;
import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.curated.CuratedRows;
import com.clickstream.attribution.reconciler.curated.CuratedStore;
import com.clickstream.attribution.reconciler.curated.RunManifest;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * Refreshes every rollup for the UTC days the range touches, in the step's one transaction: the
 * raw-derived ones from the run's curated rollup partials (summed over buckets), the checkout-derived ones
 * from the corrected table. A run that skipped raw objects leaves the raw-derived days as they were.
 */
public final class RefreshRollupsTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RefreshRollupsTasklet.class);

    private final ReconciliationParameters parameters;
    private final CuratedStore store;
    private final RollupRefresher refresher;

    public RefreshRollupsTasklet(ReconciliationParameters parameters, CuratedStore store, RollupRefresher refresher) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.store = Objects.requireNonNull(store, "store");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        long runId = job.getExecutionContext().getLong(ContextKeys.RUN_ID);
        if (Boolean.TRUE.equals(job.getExecutionContext().get(ContextKeys.PARTIAL_RAW_DATA))) {
            // the partials miss the skipped objects' clicks and credits: keeping the days' previous raw-derived
            // rows is right more often than replacing them with lower counts (a later complete run replaces them)
            refresher.refreshCheckoutDerived(parameters.firstDay(), parameters.lastDay());
            log.warn("run {} skipped raw objects: raw-derived rollups of {} .. {} kept as they were; checkout rollups "
                    + "recomputed from the table", runId, parameters.firstDay(), parameters.lastDay());
            return RepeatStatus.FINISHED;
        }
        RunManifest manifest = store.manifest(runId).orElseThrow(() -> new IllegalStateException(
                "run " + runId + " has no manifest: its recompute did not finish"));
        RollupTotals totals = new RollupTotals();
        for (RunManifest.BucketFiles files : manifest.files()) {
            for (CuratedRollupPartial row : store.readParquet(files.rollupPartials(), CuratedRollupPartial.getClassSchema(),
                    CuratedRollupPartial.class)) {
                CuratedRows.addTo(totals, row);
            }
        }
        long rows = refresher.refresh(parameters.firstDay(), parameters.lastDay(), totals);
        job.getExecutionContext().putLong(ContextKeys.ROLLUP_ROWS, rows);
        contribution.incrementWriteCount(rows);
        log.info("rollups refreshed for {} .. {}: {} raw-derived rows, checkout rollups recomputed",
                parameters.firstDay(), parameters.lastDay(), rows);
        return RepeatStatus.FINISHED;
    }
}
