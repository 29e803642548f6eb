package com.clickstream.attribution.reconciler.run;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.curated.CuratedRetention;
import com.clickstream.attribution.reconciler.curated.CuratedStore;
import com.clickstream.attribution.reconciler.curated.RunManifest;
import com.clickstream.attribution.reconciler.raw.StageResult;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * Closes the run: writes counts, skips and the final status to {@code reconciliation_runs}, the same
 * summary to the log and to the run's manifest ({@code applied}), the figures to the run's meters
 * ({@link RunMetrics}; exported to CloudWatch when configured), and deletes curated runs past retention
 * ({@link CuratedRetention}). Corrections are counted from the ledger, so a restarted run reports the
 * corrections of all its executions exactly once.
 */
public final class FinishRunTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(FinishRunTasklet.class);

    private final ReconciliationParameters parameters;
    private final JobRepository jobRepository;
    private final RunRepository runs;
    private final RunMetrics metrics;
    private final CuratedStore curated;
    private final CuratedRetention retention;
    private final Clock clock;

    public FinishRunTasklet(ReconciliationParameters parameters, JobRepository jobRepository, RunRepository runs,
            RunMetrics metrics, CuratedStore curated, CuratedRetention retention, Clock clock) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.curated = Objects.requireNonNull(curated, "curated");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        ExecutionContext context = job.getExecutionContext();
        long runId = context.getLong(ContextKeys.RUN_ID);
        StageResult stage = (StageResult) context.get(ContextKeys.STAGE_RESULT);
        PartitionResults partitions = PartitionResults.collect(jobRepository, job.getJobInstance(), parameters.buckets());
        Map<String, Long> corrections = runs.correctionsByReason(runId);
        LocalDateTime started = job.getStartTime();
        double seconds = started == null ? 0 : Duration.between(started, LocalDateTime.now()).toMillis() / 1000.0;
        RunSummary summary = new RunSummary(runId,
                stage.skips().isEmpty() ? RunStatus.COMPLETED : RunStatus.COMPLETED_WITH_SKIPS,
                parameters.describe(), stage.objectsListed(), stage.objectsRead(), stage.eventsRead(),
                stage.eventsStaged(), stage.rejectedRows(), context.getLong(ContextKeys.DUPLICATES, 0),
                partitions.checkouts(), corrections, partitions.conflicts(), partitions.withheld(),
                context.getLong(ContextKeys.ROLLUP_ROWS, 0), stage.skips(), seconds);
        runs.finish(summary);
        context.putLong(ContextKeys.WITHHELD_TOTAL, summary.withheldCount());
        log.info("{}", summary.describe());
        stage.skips().forEach(skip -> log.warn("run {} skipped {}: {} {}", runId, skip.key(), skip.reason(), skip.detail()));
        RunManifest manifest = curated.manifest(runId).orElseThrow(() -> new IllegalStateException(
                "run " + runId + " has no manifest: its recompute did not finish"));
        curated.writeManifest(manifest.withApplied(new RunManifest.Applied(summary.status().dbName(), corrections,
                partitions.withheld(), partitions.conflicts(), clock.instant().toString())));
        metrics.record(summary);
        deleteExpiredRuns();
        return RepeatStatus.FINISHED;
    }

    /** Retention never fails the run: the run is complete, and the next run tries again. */
    private void deleteExpiredRuns() {
        try {
            for (RunManifest expired : retention.expired(curated.manifests(), clock.instant())) {
                curated.delete(expired);
                log.info("curated run {} ({} .. {}) deleted: older than the retention and covered by newer runs",
                        expired.runId(), expired.rangeFrom(), expired.rangeTo());
            }
        } catch (RuntimeException e) {
            log.warn("deleting curated runs past retention failed; the next run tries again", e);
        }
    }
}
