package com.clickstream.attribution.reconciler.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reconciler's settings (Spring properties {@code reconciler.*}); the job's own parameters are in
 * {@link ReconciliationParameters}.
 *
 * @param mode      {@code once} (default): run one reconciliation with the command-line options and
 *                  exit with its status; {@code schedule}: stay up and run on {@code schedule.cron};
 *                  {@code none}: only build the application context (tests, embedding)
 * @param schedule  the scheduler mode's settings
 * @param s3        where the raw events are
 * @param workDir   scratch folder of the per-bucket spill files (default {@code ${java.io.tmpdir}/batch-reconciler});
 *                  needs about the staged raw data's size in free space
 * @param chunkSize users per chunk (one transaction: diff, corrections, ledger rows, progress); default 500
 * @param workers   partitions recomputed in parallel; default 0 = the available processors
 * @param staleAfter an execution of the same parameters still marked running but not updated for this
 *                  long is taken as dead (its process was killed) and restarted; default 30m
 * @param metrics   where the run's metrics go (CloudWatch); off unless a namespace is set
 * @param engine    how the recompute reads raw objects ({@code RecomputeEngine}): {@code local} (default) the
 *                  columnar engine (click objects decoded from their Parquet pages, primitive per-bucket
 *                  recompute); {@code avro} the row-at-a-time engine (Avro events, kept as the reference).
 *                  Same answers either way.
 */
@ConfigurationProperties("reconciler")
public record ReconcilerProperties(
        @DefaultValue("once") Mode mode,
        @DefaultValue Schedule schedule,
        @DefaultValue S3 s3,
        Path workDir,
        @DefaultValue("500") int chunkSize,
        @DefaultValue("0") int workers,
        @DefaultValue("30m") Duration staleAfter,
        @DefaultValue Metrics metrics,
        @DefaultValue("local") Engine engine) {

    public enum Mode { ONCE, SCHEDULE, NONE }

    /** The recompute engine ({@code reconciler.engine}). */
    public enum Engine { LOCAL, AVRO }

    /**
     * @param cron Spring cron expression (second minute hour day month weekday), evaluated in UTC;
     *             default {@code 0 30 2 * * *} (02:30 UTC daily)
     */
    public record Schedule(@DefaultValue("0 30 2 * * *") String cron) {
    }

    /**
     * @param bucket          the raw bucket (required unless another {@code RawEventSource} is configured)
     * @param endpoint        endpoint override for S3-compatible servers (s3proxy, LocalStack); empty = AWS
     * @param region          region of the client; default {@code us-east-1}
     * @param pathStyle       path-style addressing, needed by most local servers; default false
     * @param accessKeyId     static credentials for local servers only; empty = the default AWS chain (task role)
     * @param secretAccessKey see accessKeyId
     * @param maxAttempts     attempts per S3 call (the first plus retries) before it fails; default 12. Retried:
     *                        connection errors, timeouts, 5xx and throttling. With the backoff below a call
     *                        rides out an outage of at least ~30 s; a longer one fails the staging step
     *                        (restart with the same parameters)
     * @param maxBackoff      longest wait between two attempts (exponential from 100 ms, half jitter); default 20s
     */
    public record S3(
            String bucket,
            String endpoint,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("false") boolean pathStyle,
            String accessKeyId,
            String secretAccessKey,
            @DefaultValue("12") int maxAttempts,
            @DefaultValue("20s") Duration maxBackoff) {

        public S3 {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("reconciler.s3.max-attempts must be at least 1, was " + maxAttempts);
            }
            if (maxBackoff == null || maxBackoff.isNegative()) {
                throw new IllegalArgumentException("reconciler.s3.max-backoff must be a duration >= 0, was " + maxBackoff);
            }
        }
    }

    /**
     * @param namespace CloudWatch namespace for {@code CorrectionRate}, {@code CorrectionsWritten} and
     *                  {@code CheckoutsReconciled} at the end of each run; empty (default) = do not publish.
     *                  On ECS the task sets it ({@code RECONCILER_METRICS_NAMESPACE=ClickstreamAttribution})
     * @param endpoint  endpoint override (LocalStack); empty = AWS
     * @param region    client region; default {@code us-east-1} (on ECS, {@code AWS_REGION} of the task wins)
     */
    public record Metrics(String namespace, String endpoint, @DefaultValue("us-east-1") String region) {
        public boolean enabled() {
            return namespace != null && !namespace.isBlank();
        }
    }

    public ReconcilerProperties {
        if (workDir == null) {
            workDir = Path.of(System.getProperty("java.io.tmpdir"), "batch-reconciler");
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("reconciler.chunk-size must be positive, was " + chunkSize);
        }
    }

    /** Worker threads of the partitioned recompute. */
    public int effectiveWorkers() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }
}
