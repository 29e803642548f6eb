package com.clickstream.attribution.reconciler.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reconciler's settings (Spring properties {@code reconciler.*}); the job's own parameters are in
 * {@link ReconciliationParameters}; the raw bucket's ({@code reconciler.s3.*}) are in {@link RawBucketProperties}.
 *
 * @param mode      {@code once} (default): run one reconciliation with the command-line options and
 *                  exit with its status; {@code schedule}: stay up and run on {@code schedule.cron};
 *                  {@code none}: only build the application context (tests, embedding)
 * @param schedule  the scheduler mode's settings
 * @param workDir   scratch folder of the per-bucket spill files (default {@code ${java.io.tmpdir}/batch-reconciler});
 *                  needs about the staged raw data's size in free space
 * @param chunkSize users per chunk (one transaction: diff, corrections, ledger rows, progress); default 500
 * @param workers   partitions recomputed in parallel; default 0 = the available processors
 * @param staleAfter an execution of the same parameters still marked running but not updated for this
 *                  long is taken as dead (its process was killed) and restarted; default 30m
 * @param curated   where the recompute writes the curated dataset, and how long superseded runs are kept
 * @param engine    how the recompute reads raw objects ({@code RecomputeEngine}): {@code local} (default) the
 *                  columnar engine (click objects decoded from their Parquet pages, primitive per-bucket
 *                  recompute); {@code avro} the row-at-a-time engine (Avro events, kept as the reference).
 *                  Same answers either way; recorded in each run's manifest.
 */
@ConfigurationProperties("reconciler")
public record ReconcilerProperties(
        @DefaultValue("once") Mode mode,
        @DefaultValue Schedule schedule,
        Path workDir,
        @DefaultValue("500") int chunkSize,
        @DefaultValue("0") int workers,
        @DefaultValue("30m") Duration staleAfter,
        @DefaultValue Curated curated,
        @DefaultValue("local") Engine engine) {

    public enum Mode { ONCE, SCHEDULE, NONE }

    /** The recompute engines ({@code reconciler.engine}). */
    public enum Engine {
        /** Columnar: click objects decoded from their Parquet pages ({@code ColumnarEngine}). */
        LOCAL,
        /** Row at a time: Avro events spilled per bucket ({@code AvroSpillEngine}), the reference. */
        AVRO;

        /** The setting's value, e.g. {@code local}; recorded in the run's manifest. */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param cron Spring cron expression (second minute hour day month weekday), evaluated in UTC;
     *             default {@code 0 30 2 * * *} (02:30 UTC daily)
     */
    public record Schedule(@DefaultValue("0 30 2 * * *") String cron) {
    }

    /**
     * @param bucket    bucket of the curated dataset ({@code curated/} prefix); empty (default) = the raw bucket
     *                  ({@code reconciler.s3.bucket}), so one bucket policy, key and lifecycle cover both
     * @param retention a run's curated files are deleted once the run is older than this AND newer runs
     *                  cover its whole range (so every checkout keeps its latest answer); default 30d
     */
    public record Curated(String bucket, @DefaultValue("30d") Duration retention) {

        /** This bucket, else {@code rawBucket}. */
        public String bucketOr(String rawBucket) {
            return bucket == null || bucket.isBlank() ? rawBucket : bucket;
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
