package com.clickstream.attribution.reconciler.config;

import com.clickstream.attribution.reconciler.curated.CuratedCheckoutsReader;
import com.clickstream.attribution.reconciler.curated.CuratedRecompute;
import com.clickstream.attribution.reconciler.curated.CuratedRetention;
import com.clickstream.attribution.reconciler.curated.CuratedStore;
import com.clickstream.attribution.reconciler.curated.RecomputeTasklet;
import com.clickstream.attribution.reconciler.diff.AttributionDiff;
import com.clickstream.attribution.reconciler.diff.CorrectionReasons;
import com.clickstream.attribution.reconciler.diff.StoredAttributions;
import com.clickstream.attribution.reconciler.internal.BucketPartitioner;
import com.clickstream.attribution.reconciler.ledger.CorrectionsRepository;
import com.clickstream.attribution.reconciler.ledger.CorrectionsWriter;
import com.clickstream.attribution.reconciler.report.RunReportPublisher;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.reconciler.raw.RejectedRowDeadLetters;
import com.clickstream.attribution.reconciler.recompute.AvroSpillEngine;
import com.clickstream.attribution.reconciler.recompute.RecomputeEngine;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import com.clickstream.attribution.reconciler.recompute.columnar.ColumnarEngine;
import com.clickstream.attribution.reconciler.rollup.RefreshRollupsTasklet;
import com.clickstream.attribution.reconciler.rollup.RollupRefresher;
import com.clickstream.attribution.reconciler.run.FinishRunTasklet;
import com.clickstream.attribution.reconciler.run.RunMetrics;
import com.clickstream.attribution.reconciler.run.PartitionProgressListener;
import com.clickstream.attribution.reconciler.run.PartitionResults;
import com.clickstream.attribution.reconciler.run.RunLifecycleListener;
import com.clickstream.attribution.reconciler.run.RunRepository;
import com.clickstream.attribution.reconciler.run.StartRunTasklet;
import java.time.Clock;
import org.springframework.batch.core.ItemWriteListener;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.partition.support.Partitioner;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.SimpleStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The reconciliation job, two stages with one contract between them (the curated dataset in S3): open the
 * run; recompute (raw objects -> curated Parquet files and the run's manifest, with the engine of
 * {@code reconciler.engine}); apply (per user-id bucket, partitioned: curated rows -> diff -> corrections
 * and ledger); refresh rollups; close the run. A restart after the recompute finished starts at apply.
 *
 * <p>Job parameters reach only step-scoped beans, as the one {@link #reconciliationParameters} record. The step-scoped
 * reader, processor and writer are returned as their classes (proxied by subclassing, so not final), which
 * lets Spring Batch see their listener interfaces; tasklets and the partitioner are returned as interfaces.
 */
@Configuration(proxyBeanMethods = false)
public class ReconciliationJobConfiguration {

    public static final String JOB_NAME = "reconciliationJob";

    /**
     * The run's parameters, parsed once per step from the job parameters: the one place they are read;
     * every step-scoped bean gets this record. Step scope, not job scope, and not proxied: the record is
     * final (no class proxy), and the apply stage's partition workers run with a step context only
     * (Spring Batch registers no job context on their threads); every consumer is itself step-scoped, so
     * it is created inside a step, where this scope is active.
     */
    @Bean
    @Scope(value = "step", proxyMode = ScopedProxyMode.NO)
    public ReconciliationParameters reconciliationParameters(
            @Value("#{stepExecution.jobExecution.jobParameters}") JobParameters jobParameters) {
        return ReconciliationParameters.fromJobParameters(jobParameters);
    }

    // ---- run bookkeeping ------------------------------------------------------------------------------

    @Bean
    public RunRepository runRepository(JdbcTemplate jdbcTemplate,
            @Value("${spring.batch.jdbc.table-prefix}") String batchTablePrefix) {
        return new RunRepository(jdbcTemplate, batchTablePrefix);
    }

    @Bean
    @StepScope
    public Tasklet startRunTasklet(ReconciliationParameters reconciliationParameters, RunRepository runRepository,
            Clock clock) {
        return new StartRunTasklet(reconciliationParameters, runRepository, clock);
    }

    @Bean
    public Step startRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            Tasklet startRunTasklet) {
        return new StepBuilder("startRunStep", jobRepository)
                .tasklet(startRunTasklet, transactionManager)
                .allowStartIfComplete(true) // a restart marks the run running again
                .build();
    }

    // ---- recompute stage: raw objects -> curated dataset (Parquet + manifest) ---------------------------

    /** The engine of {@code reconciler.engine}: {@code local} (columnar, default) or {@code avro} (row at a time). */
    @Bean
    public RecomputeEngine recomputeEngine(RawEventSource rawEventSource, ReconcilerProperties properties) {
        return switch (properties.engine()) {
            case LOCAL -> new ColumnarEngine(rawEventSource, properties.effectiveWorkers());
            case AVRO -> new AvroSpillEngine(rawEventSource, properties.effectiveWorkers());
        };
    }

    @Bean
    public CuratedStore curatedStore(S3Client s3Client, ReconcilerProperties properties, RawBucketProperties rawBucket) {
        return new CuratedStore(s3Client, properties.curated().bucketOr(rawBucket.bucket()));
    }

    @Bean
    @StepScope
    public Tasklet recomputeTasklet(ReconciliationParameters reconciliationParameters, RecomputeEngine recomputeEngine,
            CuratedStore curatedStore, ReconcilerProperties properties, JdbcTemplate jdbcTemplate, Clock clock) {
        return new RecomputeTasklet(reconciliationParameters,
                new CuratedRecompute(recomputeEngine, properties.engine().configName(), curatedStore,
                        properties.effectiveWorkers(), clock),
                curatedStore, properties.workDir(), new RejectedRowDeadLetters(jdbcTemplate));
    }

    @Bean
    public Step recomputeStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            Tasklet recomputeTasklet) {
        // Not restartable once complete: a restart goes on with the apply stage, never recomputes (the tasklet
        // also skips a run whose manifest exists, for a process killed between manifest and step commit).
        return new StepBuilder("recomputeStep", jobRepository)
                .tasklet(recomputeTasklet, transactionManager)
                .build();
    }

    // ---- apply stage: curated rows -> diff, corrections, ledger; one partition per user-id bucket ----

    @Bean
    @StepScope
    public CuratedCheckoutsReader curatedCheckoutsReader(@Value("#{stepExecutionContext['bucket']}") Integer bucket,
            @Value("#{jobExecutionContext['runId']}") Long runId, CuratedStore curatedStore) {
        return new CuratedCheckoutsReader(curatedStore, runId, bucket);
    }

    @Bean
    @StepScope
    public CorrectionsWriter correctionsWriter(ReconciliationParameters reconciliationParameters,
            @Value("#{jobExecutionContext['runId']}") Long runId,
            @Value("#{jobExecutionContext['partialRawData']}") Boolean partialRawData, JdbcTemplate jdbcTemplate) {
        CorrectionReasons reasons = new CorrectionReasons(reconciliationParameters.window(),
                reconciliationParameters.lateness());
        return new CorrectionsWriter(runId, new StoredAttributions(jdbcTemplate), new AttributionDiff(reasons),
                new CorrectionsRepository(jdbcTemplate), Boolean.TRUE.equals(partialRawData));
    }

    @Bean
    public PartitionProgressListener partitionProgressListener() {
        return new PartitionProgressListener();
    }

    @Bean
    public Step applyBucketStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            CuratedCheckoutsReader curatedCheckoutsReader, CorrectionsWriter correctionsWriter,
            PartitionProgressListener partitionProgressListener, ReconcilerProperties properties,
            ObjectProvider<ItemWriteListener<RecomputedCheckout>> writeListeners) {
        SimpleStepBuilder<RecomputedCheckout, RecomputedCheckout> step = new StepBuilder(PartitionResults.WORKER_STEP, jobRepository)
                .<RecomputedCheckout, RecomputedCheckout>chunk(properties.chunkSize(), transactionManager)
                .reader(curatedCheckoutsReader)
                .writer(correctionsWriter)
                .listener(partitionProgressListener);
        writeListeners.orderedStream().forEach(step::listener);
        return step.build();
    }

    @Bean
    @StepScope
    public Partitioner bucketPartitioner(ReconciliationParameters reconciliationParameters) {
        return new BucketPartitioner(reconciliationParameters.buckets());
    }

    @Bean
    public TaskExecutor applyTaskExecutor(ReconcilerProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(properties.effectiveWorkers());
        executor.setMaxPoolSize(properties.effectiveWorkers());
        executor.setThreadNamePrefix("apply-");
        executor.setWaitForTasksToCompleteOnShutdown(false);
        executor.initialize();
        return executor;
    }

    @Bean
    public Step applyStep(JobRepository jobRepository, Step applyBucketStep, Partitioner bucketPartitioner,
            TaskExecutor applyTaskExecutor, PartitionProgressListener partitionProgressListener,
            ReconcilerProperties properties) {
        return new StepBuilder("applyStep", jobRepository)
                .listener(partitionProgressListener)
                .partitioner(PartitionResults.WORKER_STEP, bucketPartitioner)
                .step(applyBucketStep)
                .gridSize(properties.effectiveWorkers())
                .taskExecutor(applyTaskExecutor)
                .build();
    }

    // ---- rollups and run summary ------------------------------------------------------------------------

    @Bean
    @StepScope
    public Tasklet refreshRollupsTasklet(ReconciliationParameters reconciliationParameters, CuratedStore curatedStore,
            JdbcTemplate jdbcTemplate) {
        return new RefreshRollupsTasklet(reconciliationParameters, curatedStore, new RollupRefresher(jdbcTemplate));
    }

    @Bean
    public Step refreshRollupsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            Tasklet refreshRollupsTasklet) {
        return new StepBuilder("refreshRollupsStep", jobRepository)
                .tasklet(refreshRollupsTasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    public Tasklet finishRunTasklet(ReconciliationParameters reconciliationParameters, JobRepository jobRepository,
            RunRepository runRepository, RunMetrics runMetrics, CuratedStore curatedStore, ReconcilerProperties properties,
            Clock clock) {
        return new FinishRunTasklet(reconciliationParameters,
                jobRepository, runRepository, runMetrics, curatedStore,
                new CuratedRetention(properties.curated().retention()), clock);
    }

    @Bean
    public Step finishRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            Tasklet finishRunTasklet) {
        return new StepBuilder("finishRunStep", jobRepository)
                .tasklet(finishRunTasklet, transactionManager)
                .build();
    }

    @Bean
    public Job reconciliationJob(JobRepository jobRepository, Step startRunStep, Step recomputeStep,
            Step applyStep, Step refreshRollupsStep, Step finishRunStep, RunRepository runRepository,
            RunReportPublisher runReportPublisher) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(new RunLifecycleListener(runRepository))
                .listener(runReportPublisher) // after a completed run: reports/run-<id>.html and reports/latest.html
                .start(startRunStep)
                .next(recomputeStep)
                .next(applyStep)
                .next(refreshRollupsStep)
                .next(finishRunStep)
                .build();
    }
}
