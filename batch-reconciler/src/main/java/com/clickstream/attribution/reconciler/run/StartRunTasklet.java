package com.clickstream.attribution.reconciler.run;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * Opens the run: creates its {@code reconciliation_runs} row, or on a restart marks the instance's
 * existing row running again, and fixes the listing cut-off ("now") on the first execution so that
 * restarts list the same partitions.
 */
public final class StartRunTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(StartRunTasklet.class);

    private final ReconciliationParameters parameters;
    private final RunRepository runs;
    private final Clock clock;

    public StartRunTasklet(ReconciliationParameters parameters, RunRepository runs, Clock clock) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        ExecutionContext context = job.getExecutionContext();
        long runId = runs.startOrResume(job.getJobInstance().getInstanceId(), job.getId(), parameters);
        context.putLong(ContextKeys.RUN_ID, runId);
        if (!context.containsKey(ContextKeys.ARRIVAL_UNTIL)) {
            context.putString(ContextKeys.ARRIVAL_UNTIL, clock.instant().toString());
        }
        log.info("run {} (job execution {}): reconciling {} with listing up to {}", runId, job.getId(),
                parameters.describe(), context.getString(ContextKeys.ARRIVAL_UNTIL));
        return RepeatStatus.FINISHED;
    }
}
