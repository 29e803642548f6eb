package com.clickstream.attribution.reconciler.raw;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.recompute.RecomputeEngine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * Runs the engine's staging ({@link RecomputeEngine#stage}) into a folder of this job execution. Runs again on every restart: the
 * spill files are scratch, and the listing cut-off comes from the job context, so a restart stages the
 * same partitions.
 */
public final class StageRawEventsTasklet implements Tasklet {

    private final ReconciliationParameters parameters;
    private final RecomputeEngine engine;
    private final Path workDir;
    private final RejectedRowDeadLetters deadLetters;

    public StageRawEventsTasklet(ReconciliationParameters parameters, RecomputeEngine engine, Path workDir,
            RejectedRowDeadLetters deadLetters) {
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        Instant arrivalUntil = Instant.parse(job.getExecutionContext().getString(ContextKeys.ARRIVAL_UNTIL));
        Path dir = workDir.resolve("execution-" + job.getId());
        StageResult result = engine.stage(parameters, arrivalUntil, dir, deadLetters::keep);
        contribution.incrementReadCount();
        job.getExecutionContext().putString(ContextKeys.STAGE_DIR, dir.toString());
        job.getExecutionContext().put(ContextKeys.STAGE_RESULT, result);
        return RepeatStatus.FINISHED;
    }
}
