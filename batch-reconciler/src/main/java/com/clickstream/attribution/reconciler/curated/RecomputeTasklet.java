package com.clickstream.attribution.reconciler.curated;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.RejectedRowDeadLetters;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * The recompute stage as a step ({@link CuratedRecompute}). A run whose manifest already exists (a restart
 * after the recompute finished) is not recomputed: the restart goes on with the apply stage. The manifest
 * must be this run's own (same range, buckets and listing cut-off, which the first execution fixed), not one
 * an earlier run with the same id left behind. Publishes the
 * manifest's figures to the job context for the later steps and the exit code.
 */
public final class RecomputeTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RecomputeTasklet.class);

    private final ReconciliationParameters parameters;
    private final CuratedRecompute recompute;
    private final CuratedStore store;
    private final Path workDir;
    private final RejectedRowDeadLetters deadLetters;

    public RecomputeTasklet(ReconciliationParameters parameters, CuratedRecompute recompute, CuratedStore store,
            Path workDir, RejectedRowDeadLetters deadLetters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.recompute = Objects.requireNonNull(recompute, "recompute");
        this.store = Objects.requireNonNull(store, "store");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        long runId = job.getExecutionContext().getLong(ContextKeys.RUN_ID);
        Instant arrivalUntil = Instant.parse(job.getExecutionContext().getString(ContextKeys.ARRIVAL_UNTIL));
        Optional<RunManifest> existing = store.manifest(runId);
        RunManifest manifest;
        if (existing.isPresent() && existing.get().isRecomputeOf(parameters, arrivalUntil)) {
            manifest = existing.get();
            log.info("run {}: recompute already done ({} engine, manifest of {}): applying its curated rows", runId,
                    manifest.engine(), manifest.createdAt());
        } else {
            // A manifest of another run with this id (a database restored or recreated over the same bucket restarts
            // the run ids) is not this run's recompute: recompute, and the new manifest replaces it.
            existing.ifPresent(other -> log.warn("run {}: the manifest at its key belongs to another run (range {} .. {}, "
                    + "listing cut-off {}, written {}); recomputing and replacing it", runId, other.rangeFrom(),
                    other.rangeTo(), other.arrivalUntil(), other.createdAt()));
            Path dir = workDir.resolve("execution-" + job.getId());
            job.getExecutionContext().putString(ContextKeys.STAGE_DIR, dir.toString()); // scratch, deleted at the end
            manifest = recompute.run(runId, parameters, arrivalUntil, dir, deadLetters::keep);
        }
        ManifestFigures.publish(manifest, job.getExecutionContext());
        contribution.incrementWriteCount(manifest.rows().getOrDefault("attributions", 0L));
        return RepeatStatus.FINISHED;
    }
}
