package com.clickstream.attribution.reconciler.run;

import com.clickstream.attribution.reconciler.raw.RawSkip;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did, as written to {@code reconciliation_runs} and the log.
 *
 * @param runId            the run's row
 * @param status           completed or completed_with_skips
 * @param parameters       the run's parameters as text
 * @param objectsListed    raw objects listed
 * @param objectsRead      raw objects read
 * @param eventsRead       raw events read, copies included
 * @param eventsStaged     events whose event time mattered to the run
 * @param rejectedRows     rows of readable objects that were not valid events (kept as dead letters)
 * @param duplicates       copies dropped by deduplication
 * @param checkouts        checkouts of the range recomputed
 * @param corrections      ledger rows of the run, by reason (across restarts: read from the ledger)
 * @param conflicts        corrections not written because the stream changed the row meanwhile
 * @param withheld         corrections not written because raw objects were skipped, by kind ({@code WithheldKind})
 * @param rollupRows       rows written to the raw-derived rollups
 * @param skips            raw objects and folders skipped, with reasons
 * @param seconds          wall time of this execution
 */
public record RunSummary(
        long runId,
        RunStatus status,
        Map<String, String> parameters,
        long objectsListed,
        long objectsRead,
        long eventsRead,
        long eventsStaged,
        long rejectedRows,
        long duplicates,
        long checkouts,
        Map<String, Long> corrections,
        long conflicts,
        Map<String, Long> withheld,
        long rollupRows,
        List<RawSkip> skips,
        double seconds) {

    public long withheldCount() {
        return withheld.values().stream().mapToLong(Long::longValue).sum();
    }

    public long correctionCount() {
        return corrections.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The free-form {@code summary} column. */
    public Map<String, Object> details() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("parameters", parameters);
        out.put("objects_listed", objectsListed);
        out.put("objects_read", objectsRead);
        out.put("events_staged", eventsStaged);
        out.put("rejected_rows", rejectedRows);
        out.put("corrections_by_reason", corrections);
        out.put("conflicts", conflicts);
        out.put("skipped_objects", skips.size());
        out.put("withheld_by_kind", withheld);
        out.put("rollup_rows", rollupRows);
        out.put("seconds", Math.round(seconds * 1000) / 1000.0);
        return out;
    }

    /** One log line. */
    public String describe() {
        return String.format(
                "run %d %s: %d objects (%d skipped), %d events read, %d duplicates, %d checkouts, %d corrections %s, "
                        + "%d conflicts, %d withheld %s, %.1f s",
                runId, status.dbName(), objectsListed, skips.size(), eventsRead, duplicates, checkouts,
                correctionCount(), corrections, conflicts, withheldCount(), withheld, seconds);
    }
}
