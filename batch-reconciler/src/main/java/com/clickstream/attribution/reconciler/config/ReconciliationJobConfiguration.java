package com.clickstream.attribution.reconciler.config;

import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.reconciler.diff.AttributionDiff;
import com.clickstream.attribution.reconciler.diff.CorrectionReasons;
import com.clickstream.attribution.reconciler.diff.StoredAttributions;
import com.clickstream.attribution.reconciler.internal.BucketPartitioner;
import com.clickstream.attribution.reconciler.ledger.CorrectionsRepository;
import com.clickstream.attribution.reconciler.ledger.CorrectionsWriter;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.reconciler.raw.RejectedRowDeadLetters;
import com.clickstream.attribution.reconciler.raw.StageRawEventsTasklet;
import com.clickstream.attribution.reconciler.recompute.AvroSpillEngine;
import com.clickstream.attribution.reconciler.recompute.BucketAnswersReader;
import com.clickstream.attribution.reconciler.recompute.RecomputeEngine;
import com.clickstream.attribution.reconciler.recompute.columnar.ColumnarEngine;
import com.clickstream.attribution.reconciler.recompute.UserReconciliation;
import com.clickstream.attribution.reconciler.rollup.RefreshRollupsTasklet;
import com.clickstream.attribution.reconciler.rollup.RollupRefresher;
import com.clickstream.attribution.reconciler.run.FinishRunTasklet;
import com.clickstream.attribution.reconciler.run.RunMetrics;
import com.clickstream.attribution.reconciler.run.PartitionProgressListener;
import com.clickstream.attribution.reconciler.run.PartitionResults;
import com.clickstream.attribution.reconciler.run.RunLifecycleListener;
import com.clickstream.attribution.reconciler.run.RunRepository;
import com.clickstream.attribution.reconciler.run.StartRunTasklet;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.batch.core.ItemWriteListener;
import org.springframework.batch.core.Job;
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
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The reconciliation job: open the run, stage raw events into user-id buckets, recompute and correct
 * each bucket (partitioned, in parallel), refresh rollups, close the run.
 *
 * <p>Job parameters reach only step-scoped beans, through {@code #{jobParameters[...]}}. The step-scoped
 * reader, processor and writer are returned as their classes (proxied by subclassing, so not final), which
 * lets Spring Batch see their listener interfaces; tasklets and the partitioner are returned as interfaces.
 */
@Configuration(proxyBeanMethods = false)
public class ReconciliationJobConfiguration {

    public static final String JOB_NAME = "reconciliationJob";

    private static final String P_FROM = "#{jobParameters['from']}";
    private static final String P_TO = "#{jobParameters['to']}";
    private static final String P_WINDOW = "#{jobParameters['window']}";
    private static final String P_LOOKBACK = "#{jobParameters['lookback']}";
    private static final String P_LATENESS = "#{jobParameters['lateness']}";
    private static final String P_BUCKETS = "#{jobParameters['buckets']}";

    // ---- run bookkeeping ------------------------------------------------------------------------------

    @Bean
    public RunRepository runRepository(JdbcTemplate jdbcTemplate,
            @Value("${spring.batch.jdbc.table-prefix}") String batchTablePrefix) {
        return new RunRepository(jdbcTemplate, batchTablePrefix);
    }

    @Bean
    @StepScope
    public Tasklet startRunTasklet(@Value(P_FROM) String from, @Value(P_TO) String to,
            @Value(P_WINDOW) String window, @Value(P_LOOKBACK) String lookback, @Value(P_LATENESS) String lateness,
            @Value(P_BUCKETS) Long buckets, RunRepository runRepository, Clock clock) {
        return new StartRunTasklet(ReconciliationParameters.of(from, to, window, lookback, lateness, buckets),
                runRepository, clock);
    }

    @Bean
    public Step startRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            Tasklet startRunTasklet) {
        return new StepBuilder("startRunStep", jobRepository)
                .tasklet(startRunTasklet, transactionManager)
                .allowStartIfComplete(true) // a restart marks the run running again
                .build();
    }

    // ---- staging: raw partitions -> per-bucket spill files --------------------------------------------

    @Bean
    @StepScope
    public Tasklet stageRawEventsTasklet(@Value(P_FROM) String from, @Value(P_TO) String to,
            @Value(P_WINDOW) String window, @Value(P_LOOKBACK) String lookback, @Value(P_LATENESS) String lateness,
            @Value(P_BUCKETS) Long buckets, RecomputeEngine recomputeEngine, ReconcilerProperties properties,
            JdbcTemplate jdbcTemplate) {
        return new StageRawEventsTasklet(ReconciliationParameters.of(from, to, window, lookback, lateness, buckets),
                recomputeEngine, properties.workDir(), new RejectedRowDeadLetters(jdbcTemplate));
    }

    /** The engine of {@code reconciler.engine}: {@code local} (columnar, default) or {@code avro} (row at a time). */
    @Bean
    public RecomputeEngine recomputeEngine(RawEventSource rawEventSource, ReconcilerProperties properties) {
        return switch (properties.engine()) {
            case LOCAL -> new ColumnarEngine(rawEventSource, properties.effectiveWorkers());
            case AVRO -> new AvroSpillEngine(rawEventSource, properties.effectiveWorkers());
        };
    }

    @Bean
    public Step stageRawEventsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            Tasklet stageRawEventsTasklet) {
        return new StepBuilder("stageRawEventsStep", jobRepository)
                .tasklet(stageRawEventsTasklet, transactionManager)
                .allowStartIfComplete(true) // spill files are scratch: a restart stages again
                .build();
    }

    // ---- recompute, diff, corrections: one partition per user-id bucket -------------------------------

    @Bean
    @StepScope
    public BucketAnswersReader rawEventsReader(@Value("#{stepExecutionContext['bucket']}") Integer bucket,
            @Value("#{jobExecutionContext['stageDir']}") String stageDir, @Value(P_FROM) String from,
            @Value(P_TO) String to, @Value(P_WINDOW) String window, @Value(P_LOOKBACK) String lookback,
            @Value(P_LATENESS) String lateness, @Value(P_BUCKETS) Long buckets, RecomputeEngine recomputeEngine) {
        return new BucketAnswersReader(recomputeEngine,
                ReconciliationParameters.of(from, to, window, lookback, lateness, buckets), Path.of(stageDir), bucket);
    }

    @Bean
    @StepScope
    public CorrectionsWriter correctionsWriter(@Value(P_WINDOW) String window, @Value(P_LATENESS) String lateness,
            @Value("#{jobExecutionContext['runId']}") Long runId, JdbcTemplate jdbcTemplate) {
        CorrectionReasons reasons = new CorrectionReasons(AttributionWindow.parse(window), Durations.parse(lateness));
        return new CorrectionsWriter(runId, new StoredAttributions(jdbcTemplate), new AttributionDiff(reasons),
                new CorrectionsRepository(jdbcTemplate));
    }

    @Bean
    public PartitionProgressListener partitionProgressListener() {
        return new PartitionProgressListener();
    }

    @Bean
    public Step reconcileBucketStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            BucketAnswersReader rawEventsReader,
            CorrectionsWriter correctionsWriter, PartitionProgressListener partitionProgressListener,
            ReconcilerProperties properties, ObjectProvider<ItemWriteListener<UserReconciliation>> writeListeners) {
        SimpleStepBuilder<UserReconciliation, UserReconciliation> step = new StepBuilder(PartitionResults.WORKER_STEP, jobRepository)
                .<UserReconciliation, UserReconciliation>chunk(properties.chunkSize(), transactionManager)
                .reader(rawEventsReader)
                .writer(correctionsWriter)
                .listener(partitionProgressListener);
        writeListeners.orderedStream().forEach(step::listener);
        return step.build();
    }

    @Bean
    @StepScope
    public Partitioner bucketPartitioner(@Value(P_BUCKETS) Long buckets) {
        return new BucketPartitioner(Math.toIntExact(buckets));
    }

    @Bean
    public TaskExecutor reconcileTaskExecutor(ReconcilerProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(properties.effectiveWorkers());
        executor.setMaxPoolSize(properties.effectiveWorkers());
        executor.setThreadNamePrefix("reconcile-");
        executor.setWaitForTasksToCompleteOnShutdown(false);
        executor.initialize();
        return executor;
    }

    @Bean
    public Step reconcileStep(JobRepository jobRepository, Step reconcileBucketStep, Partitioner bucketPartitioner,
            TaskExecutor reconcileTaskExecutor, PartitionProgressListener partitionProgressListener,
            ReconcilerProperties properties) {
        return new StepBuilder("reconcileStep", jobRepository)
                .listener(partitionProgressListener)
                .partitioner(PartitionResults.WORKER_STEP, bucketPartitioner)
                .step(reconcileBucketStep)
                .gridSize(properties.effectiveWorkers())
                .taskExecutor(reconcileTaskExecutor)
                .build();
    }

    // ---- rollups and run summary ------------------------------------------------------------------------

    @Bean
    @StepScope
    public Tasklet refreshRollupsTasklet(@Value(P_FROM) String from, @Value(P_TO) String to,
            @Value(P_WINDOW) String window, @Value(P_LOOKBACK) String lookback, @Value(P_LATENESS) String lateness,
            @Value(P_BUCKETS) Long buckets, JobRepository jobRepository, JdbcTemplate jdbcTemplate) {
        return new RefreshRollupsTasklet(ReconciliationParameters.of(from, to, window, lookback, lateness, buckets),
                jobRepository, new RollupRefresher(jdbcTemplate));
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
    public Tasklet finishRunTasklet(@Value(P_FROM) String from, @Value(P_TO) String to,
            @Value(P_WINDOW) String window, @Value(P_LOOKBACK) String lookback, @Value(P_LATENESS) String lateness,
            @Value(P_BUCKETS) Long buckets, JobRepository jobRepository, RunRepository runRepository,
            RunMetrics runMetrics) {
        return new FinishRunTasklet(ReconciliationParameters.of(from, to, window, lookback, lateness, buckets),
                jobRepository, runRepository, runMetrics);
    }

    @Bean
    public Step finishRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            Tasklet finishRunTasklet) {
        return new StepBuilder("finishRunStep", jobRepository)
                .tasklet(finishRunTasklet, transactionManager)
                .build();
    }

    @Bean
    public Job reconciliationJob(JobRepository jobRepository, Step startRunStep, Step stageRawEventsStep,
            Step reconcileStep, Step refreshRollupsStep, Step finishRunStep, RunRepository runRepository) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(new RunLifecycleListener(runRepository))
                .start(startRunStep)
                .next(stageRawEventsStep)
                .next(reconcileStep)
                .next(refreshRollupsStep)
                .next(finishRunStep)
                .build();
    }
}
