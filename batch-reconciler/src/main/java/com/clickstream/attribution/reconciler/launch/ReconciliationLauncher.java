package com.clickstream.attribution.reconciler.launch;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.StageResult;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Starts a reconciliation, or resumes the unfinished one with the same parameters.
 *
 * <p>Every fresh run is a new job instance (an extra identifying {@code run} parameter), so the same
 * range can be reconciled again, e.g. the next night. But when the latest instance with the same
 * parameters did not complete, launching again RESTARTS it (same job instance, same run row, same
 * ledger): failed and stopped executions at once, and an execution still marked running only when
 * nothing of it was updated for {@code staleAfter} (its process was killed, so Spring Batch never
 * recorded the end); it is then marked failed and restarted.
 */
public final class ReconciliationLauncher {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationLauncher.class);
    private static final int INSTANCES_SEARCHED = 200;

    private final JobLauncher jobLauncher;
    private final JobExplorer jobExplorer;
    private final JobRepository jobRepository;
    private final Job job;
    private final Duration staleAfter;
    private final Clock clock;

    public ReconciliationLauncher(JobLauncher jobLauncher, JobExplorer jobExplorer, JobRepository jobRepository, Job job,
            Duration staleAfter, Clock clock) {
        this.jobLauncher = Objects.requireNonNull(jobLauncher, "jobLauncher");
        this.jobExplorer = Objects.requireNonNull(jobExplorer, "jobExplorer");
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.job = Objects.requireNonNull(job, "job");
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The outcome of one launch: the Spring Batch execution and the run it belongs to. */
    public record Outcome(JobExecution execution, Optional<Long> runId, boolean restarted) {
        public boolean succeeded() {
            return execution.getStatus() == BatchStatus.COMPLETED;
        }

        /** Raw objects and folders the run could not read (0 before staging ran). */
        public int skippedRawObjects() {
            Object stage = execution.getExecutionContext().get(ContextKeys.STAGE_RESULT);
            return stage instanceof StageResult result ? result.skips().size() : 0;
        }

        /** Corrections the run withheld because of skipped raw objects (0 until the run finished). */
        public long withheldCorrections() {
            return execution.getExecutionContext().getLong(ContextKeys.WITHHELD_TOTAL, 0);
        }
    }

    /** Runs the job synchronously (a new run, or a restart of the unfinished one with these parameters). */
    public synchronized Outcome launch(ReconciliationParameters parameters) throws Exception {
        Optional<JobExecution> unfinished = unfinished(parameters);
        JobParameters jobParameters;
        boolean restart = unfinished.isPresent();
        if (restart) {
            JobExecution previous = unfinished.get();
            if (previous.isRunning()) {
                markDead(previous);
            }
            jobParameters = previous.getJobParameters();
            log.info("restarting run of job instance {} (last execution {} {})", previous.getJobInstance().getInstanceId(),
                    previous.getId(), previous.getStatus());
        } else {
            jobParameters = parameters.toJobParameters(clock.millis());
        }
        JobExecution execution = jobLauncher.run(job, jobParameters);
        Optional<Long> runId = execution.getExecutionContext().containsKey(ContextKeys.RUN_ID)
                ? Optional.of(execution.getExecutionContext().getLong(ContextKeys.RUN_ID))
                : Optional.empty();
        return new Outcome(execution, runId, restart);
    }

    /** The last execution of the newest instance with these parameters, when it did not complete. */
    private Optional<JobExecution> unfinished(ReconciliationParameters parameters) {
        List<JobInstance> instances = jobExplorer.getJobInstances(job.getName(), 0, INSTANCES_SEARCHED);
        for (JobInstance instance : instances) { // newest first
            JobExecution last = jobExplorer.getLastJobExecution(instance);
            if (last == null || !parameters.sameRunAs(last.getJobParameters())) {
                continue;
            }
            if (last.getStatus() == BatchStatus.COMPLETED || last.getStatus() == BatchStatus.ABANDONED) {
                return Optional.empty();
            }
            return Optional.of(last);
        }
        return Optional.empty();
    }

    /** An execution still marked running: fail it if its process is gone, refuse otherwise. */
    private void markDead(JobExecution execution) {
        LocalDateTime lastSign = execution.getLastUpdated();
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getLastUpdated() != null && (lastSign == null || step.getLastUpdated().isAfter(lastSign))) {
                lastSign = step.getLastUpdated();
            }
        }
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneId.systemDefault()));
        if (lastSign != null && Duration.between(lastSign, now).compareTo(staleAfter) < 0) {
            throw new IllegalStateException("job execution " + execution.getId() + " with these parameters is still "
                    + "running (last update " + lastSign + "); a killed one is restarted once it has not been updated "
                    + "for reconciler.stale-after = " + staleAfter);
        }
        log.warn("job execution {} is marked {} but was last updated at {}: its process died; marking it failed",
                execution.getId(), execution.getStatus(), lastSign);
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus().isRunning()) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(ExitStatus.FAILED.addExitDescription("process died"));
                step.setEndTime(now);
                jobRepository.update(step);
            }
        }
        execution.setStatus(BatchStatus.FAILED);
        execution.setExitStatus(ExitStatus.FAILED.addExitDescription("process died"));
        execution.setEndTime(now);
        jobRepository.update(execution);
    }
}
