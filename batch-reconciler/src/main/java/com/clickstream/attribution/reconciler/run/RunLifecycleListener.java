package com.clickstream.attribution.reconciler.run;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;

/** Marks the run failed when the job fails, and deletes the execution's spill files either way. */
public final class RunLifecycleListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunLifecycleListener.class);

    private final RunRepository runs;

    public RunLifecycleListener(RunRepository runs) {
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    @Override
    public void afterJob(JobExecution job) {
        if (job.getStatus() != BatchStatus.COMPLETED && job.getExecutionContext().containsKey(ContextKeys.RUN_ID)) {
            long runId = job.getExecutionContext().getLong(ContextKeys.RUN_ID);
            String error = job.getAllFailureExceptions().stream().map(Throwable::toString).collect(Collectors.joining("; "));
            runs.fail(runId, error.isEmpty() ? job.getExitStatus().getExitDescription() : error);
            log.error("run {} (job execution {}) {}: {}; restart it with the same parameters", runId, job.getId(),
                    job.getStatus(), error);
        }
        if (job.getExecutionContext().containsKey(ContextKeys.STAGE_DIR)) {
            deleteQuietly(Path.of(job.getExecutionContext().getString(ContextKeys.STAGE_DIR)));
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete spill folder {}: {}", dir, e.toString());
        }
    }
}
