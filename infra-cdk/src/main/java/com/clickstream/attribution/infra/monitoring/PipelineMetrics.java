package com.clickstream.attribution.infra.monitoring;

/**
 * The custom metrics the pipeline publishes itself (docs/operations.md). The reconciler publishes, at
 * the end of each run, into namespace {@value #NAMESPACE} without dimensions:
 * <ul>
 *   <li>{@value #CORRECTION_RATE} (unit Percent): corrected checkouts / reconciled checkouts x 100 for the
 *       run's range; the alarm fires above {@code correctionRateThresholdPercent} (default 2).</li>
 *   <li>{@value #CORRECTIONS} (Count): ledger rows the run wrote.</li>
 *   <li>{@value #CHECKOUTS_RECONCILED} (Count): checkouts the run recomputed.</li>
 *   <li>{@value #SKIPPED_RAW_OBJECTS} (Count): raw objects and folders the run could not read (exit code 3);
 *       alarmed at 1.</li>
 *   <li>{@value #WITHHELD_CORRECTIONS} (Count): corrections the run withheld because of those skips.</li>
 * </ul>
 * The task gets the namespace in {@code MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE} (which switches on the
 * reconciler's Micrometer CloudWatch registry; it exports these five gauges only, untagged) and may publish only
 * into it.
 */
public final class PipelineMetrics {

    public static final String NAMESPACE = "ClickstreamAttribution";
    public static final String CORRECTION_RATE = "CorrectionRate";
    public static final String CORRECTIONS = "CorrectionsWritten";
    public static final String CHECKOUTS_RECONCILED = "CheckoutsReconciled";
    public static final String SKIPPED_RAW_OBJECTS = "SkippedRawObjects";
    public static final String WITHHELD_CORRECTIONS = "WithheldCorrections";

    private PipelineMetrics() {
    }
}
