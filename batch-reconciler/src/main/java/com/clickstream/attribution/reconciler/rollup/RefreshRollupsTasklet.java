package com.clickstream.attribution.reconciler.rollup;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.run.PartitionResults;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * Refreshes every rollup for the UTC days the range touches, in the step's one transaction: the
 * raw-derived ones from the partitions' totals, the checkout-derived ones from the corrected table.
 */
public final class RefreshRollupsTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RefreshRollupsTasklet.class);

    private final ReconciliationParameters parameters;
    private final JobRepository jobRepository;
    private final RollupRefresher refresher;

    public RefreshRollupsTasklet(ReconciliationParameters parameters, JobRepository jobRepository, RollupRefresher refresher) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        PartitionResults results = PartitionResults.collect(jobRepository, job.getJobInstance(), parameters.buckets());
        long rows = refresher.refresh(parameters.firstDay(), parameters.lastDay(), results.rollups());
        job.getExecutionContext().putLong(ContextKeys.ROLLUP_ROWS, rows);
        contribution.incrementWriteCount(rows);
        log.info("rollups refreshed for {} .. {}: {} raw-derived rows, checkout rollups recomputed",
                parameters.firstDay(), parameters.lastDay(), rows);
        return RepeatStatus.FINISHED;
    }
}
