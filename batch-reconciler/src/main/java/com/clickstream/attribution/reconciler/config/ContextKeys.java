package com.clickstream.attribution.reconciler.config;

/** Keys of the execution contexts the steps share (job context) or keep for restarts (step context). */
public final class ContextKeys {

    // Job execution context (restored on restart; persisted after each step).
    /** The run's row in reconciliation_runs. */
    public static final String RUN_ID = "runId";
    /** Listing cut-off of the first execution, reused by restarts so they read the same partitions. */
    public static final String ARRIVAL_UNTIL = "arrivalUntil";
    /** Folder of this execution's recompute scratch files (the engine's per-bucket work). */
    public static final String STAGE_DIR = "stageDir";
    /** The recompute's raw-read figures ({@code StageResult}, from the run's manifest). */
    public static final String STAGE_RESULT = "stageResult";
    /** True when staging skipped a raw object or folder: corrections are then guarded ({@code PartialDataGuard}). */
    public static final String PARTIAL_RAW_DATA = "partialRawData";
    /** Corrections the run withheld in all (set when the run finishes). */
    public static final String WITHHELD_TOTAL = "withheldCorrections";
    /** Records that were copies of another record (same event_id), from the run's manifest. */
    public static final String DUPLICATES = "duplicates";
    /** Rows written to the raw-derived rollups. */
    public static final String ROLLUP_ROWS = "rollupRows";

    // Partition (worker step) execution context.
    /** The partition's bucket number. */
    public static final String BUCKET = "bucket";
    public static final String CHECKOUTS = "checkouts";
    public static final String CORRECTIONS = "corrections";
    public static final String CONFLICTS = "conflicts";
    /** Corrections withheld because the run skipped raw objects, by {@code WithheldKind} key ({@code Map<String, Long>}). */
    public static final String WITHHELD = "withheld";
    /** Curated attribution rows of the partition's bucket. */
    public static final String RECORDS = "records";

    private ContextKeys() {
    }
}
