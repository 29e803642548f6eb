package com.clickstream.attribution.rawstore.curated;

import java.time.LocalDate;
import java.util.List;

/**
 * Where the reconciler's curated dataset lives: under {@value #PREFIX} of the raw bucket, one folder per
 * table. Analyst tables are partitioned by the checkout's UTC day ({@code dt=YYYY-MM-DD}, like the raw
 * layout, so Athena's partition projection prunes by day); each run writes one file per (day, user
 * bucket) whose name carries the run, so a restarted recompute overwrites its own files and runs never
 * collide. A run's files count only once its manifest exists: the manifest is written last.
 * <pre>
 *   curated/attributions/dt=2024-03-01/run-000000000042-bucket-003.parquet    one row per checkout
 *   curated/touch_credits/dt=2024-03-01/run-000000000042-bucket-003.parquet   one row per (checkout, model, touch)
 *   curated/rollup_partials/run-000000000042-bucket-003.parquet               the job's rollup partials (internal)
 *   curated/manifests/run-000000000042.json                                   one JSON line per run
 * </pre>
 */
public final class CuratedLayout {

    public static final String PREFIX = "curated/";
    public static final String ATTRIBUTIONS = PREFIX + "attributions/";
    public static final String TOUCH_CREDITS = PREFIX + "touch_credits/";
    public static final String ROLLUP_PARTIALS = PREFIX + "rollup_partials/";
    public static final String MANIFESTS = PREFIX + "manifests/";

    /** The analyst tables' one partition key (the checkout's UTC day, {@code string} as in the raw layout). */
    public static final String PARTITION_KEY = "dt";
    public static final List<String> PARTITIONED_TABLES = List.of(ATTRIBUTIONS, TOUCH_CREDITS);

    private CuratedLayout() {
    }

    public static String attributionsKey(long runId, LocalDate day, int bucket) {
        return ATTRIBUTIONS + dayFolder(day) + fileName(runId, bucket);
    }

    public static String touchCreditsKey(long runId, LocalDate day, int bucket) {
        return TOUCH_CREDITS + dayFolder(day) + fileName(runId, bucket);
    }

    public static String rollupPartialsKey(long runId, int bucket) {
        return ROLLUP_PARTIALS + fileName(runId, bucket);
    }

    public static String manifestKey(long runId) {
        return MANIFESTS + String.format("run-%012d.json", runId);
    }

    private static String dayFolder(LocalDate day) {
        return PARTITION_KEY + "=" + day + "/";
    }

    private static String fileName(long runId, int bucket) {
        return String.format("run-%012d-bucket-%03d.parquet", runId, bucket);
    }
}
