package com.clickstream.attribution.reconciler.curated;

import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.RawSkip;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The last file a recompute writes (one JSON line at {@code CuratedLayout.manifestKey}): without it, the
 * run's curated files do not exist for any reader (the apply stage, Athena's {@code reconciled_attributions}
 * view, retention). The apply stage adds its own results ({@link Applied}) when the run finishes.
 *
 * @param runId          the run ({@code reconciliation_runs.run_id})
 * @param engine         the recompute engine ({@code reconciler.engine})
 * @param rangeFrom      start of the reconciled checkout range, ISO instant
 * @param rangeTo        end of the range (exclusive)
 * @param window         the attribution window, e.g. {@code 1h}
 * @param ruleVersion    attribution-core's rule version ({@code AttributionRules.VERSION})
 * @param schemaFingerprints the curated tables' Avro schema fingerprints (CRC-64-AVRO, hex), by table
 * @param arrivalUntil   listing cut-off: raw partitions up to this instant were read
 * @param buckets        user-id buckets
 * @param objectsListed  raw objects listed
 * @param objectsRead    raw objects read
 * @param skipped        raw objects and folders skipped, with reasons (non-empty: the apply stage withholds unsafe corrections)
 * @param eventsRead     raw rows read, copies included
 * @param eventsStaged   rows whose event time mattered to the run
 * @param rejectedRows   rows that were not valid events (dead letters)
 * @param duplicates     records that were copies of another (same event_id)
 * @param rows           rows written, by table ({@code attributions}, {@code touch_credits}, {@code rollup_partials})
 * @param files          the run's files, by bucket (index = bucket)
 * @param createdAt      when the recompute finished, ISO instant
 * @param applied        the apply stage's results; null until the run finished
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunManifest(
        long runId,
        String engine,
        String rangeFrom,
        String rangeTo,
        String window,
        String ruleVersion,
        Map<String, String> schemaFingerprints,
        String arrivalUntil,
        int buckets,
        long objectsListed,
        long objectsRead,
        List<RawSkip> skipped,
        long eventsRead,
        long eventsStaged,
        long rejectedRows,
        long duplicates,
        Map<String, Long> rows,
        List<BucketFiles> files,
        String createdAt,
        Applied applied) {

    /** One bucket's files: the attribution and touch-credit files (one per checkout day) and its rollup partials. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BucketFiles(int bucket, List<String> attributions, List<String> touchCredits, String rollupPartials,
            long checkouts) {
    }

    /** What the apply stage did with the run's rows. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Applied(String status, Map<String, Long> correctionsByReason, Map<String, Long> withheldByKind,
            long conflicts, String finishedAt) {
    }

    /**
     * True when this manifest is the recompute of a run with these parameters and listing cut-off (the cut-off is
     * fixed by a run's first execution to the instant it started, so two runs practically never share it).
     */
    public boolean isRecomputeOf(ReconciliationParameters parameters, Instant cutOff) {
        return rangeFrom.equals(parameters.from().toString()) && rangeTo.equals(parameters.to().toString())
                && buckets == parameters.buckets() && arrivalUntil.equals(cutOff.toString());
    }

    /** True when the recompute could not read every raw object of its range. */
    public boolean partial() {
        return !skipped.isEmpty();
    }

    public RunManifest withApplied(Applied result) {
        return new RunManifest(runId, engine, rangeFrom, rangeTo, window, ruleVersion, schemaFingerprints, arrivalUntil,
                buckets, objectsListed, objectsRead, skipped, eventsRead, eventsStaged, rejectedRows, duplicates, rows,
                files, createdAt, result);
    }
}
