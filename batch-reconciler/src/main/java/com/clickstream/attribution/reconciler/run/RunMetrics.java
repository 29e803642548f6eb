package com.clickstream.attribution.reconciler.run;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last finished run's figures as Micrometer gauges, where the "correction rate" and "raw objects skipped"
 * alarms watch them (infra-cdk {@code PipelineMetrics}): {@value #CORRECTION_RATE} (percent) = corrected
 * checkouts / reconciled checkouts x 100 (0 when the range had no checkout), {@value #CORRECTIONS},
 * {@value #CHECKOUTS}, {@value #SKIPPED_RAW_OBJECTS} (alarmed on) and {@value #WITHHELD_CORRECTIONS}.
 *
 * <p>Gauges, not counters or summaries: a run's figures are levels, and a gauge keeps its plain name in
 * CloudWatch (a summary would become {@code CorrectionRate.sum}, {@code .count}, …). No tags, so no dimensions:
 * the alarms match the names alone. Before the first run the gauges are NaN, which no registry exports.
 *
 * <p>Recording only sets a field, so it cannot fail the run. The registry exports (CloudWatch when
 * {@code management.cloudwatch.metrics.export.namespace} is set, {@link RunMetricsExport}); a failed export is
 * logged by Micrometer and the run stays complete in {@code reconciliation_runs}; the alarms' missing-data
 * setting covers a run whose figures never arrived.
 */
public final class RunMetrics {

    public static final String CORRECTION_RATE = "CorrectionRate";
    public static final String CORRECTIONS = "CorrectionsWritten";
    public static final String CHECKOUTS = "CheckoutsReconciled";
    /** Raw objects and folders the run could not read (alarm: any). */
    public static final String SKIPPED_RAW_OBJECTS = "SkippedRawObjects";
    /** Corrections withheld because of those skips ({@code PartialDataGuard}). */
    public static final String WITHHELD_CORRECTIONS = "WithheldCorrections";
    /** Every meter this class registers, in the order they are described. */
    public static final List<String> NAMES = List.of(CORRECTION_RATE, CORRECTIONS, CHECKOUTS, SKIPPED_RAW_OBJECTS,
            WITHHELD_CORRECTIONS);

    private static final Logger log = LoggerFactory.getLogger(RunMetrics.class);
    /** Micrometer base units whose lower case CloudWatch's registry maps onto StandardUnit Percent and Count. */
    private static final String PERCENT = "percent";
    private static final String COUNT = "count";

    private volatile RunSummary last;

    public RunMetrics(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        gauge(registry, CORRECTION_RATE, PERCENT, "corrected / reconciled checkouts x 100 of the last run",
                RunMetrics::correctionRate);
        gauge(registry, CORRECTIONS, COUNT, "ledger rows the last run wrote", s -> s.correctionCount());
        gauge(registry, CHECKOUTS, COUNT, "checkouts the last run recomputed", s -> s.checkouts());
        gauge(registry, SKIPPED_RAW_OBJECTS, COUNT, "raw objects the last run could not read", s -> s.skips().size());
        gauge(registry, WITHHELD_CORRECTIONS, COUNT, "corrections the last run withheld", s -> s.withheldCount());
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description,
            ToDoubleFunction<RunSummary> figure) {
        Gauge.builder(name, this, m -> m.last == null ? Double.NaN : figure.applyAsDouble(m.last))
                .baseUnit(unit)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    static double correctionRate(RunSummary summary) {
        return summary.checkouts() == 0 ? 0 : 100.0 * summary.correctionCount() / summary.checkouts();
    }

    /** Makes {@code summary} the figures the gauges report from now on. */
    public void record(RunSummary summary) {
        last = Objects.requireNonNull(summary, "summary");
        log.info("run {}: metrics {}={}, {}={}, {}={}, {}={}, {}={}", summary.runId(), CORRECTION_RATE,
                correctionRate(summary), CORRECTIONS, summary.correctionCount(), CHECKOUTS, summary.checkouts(),
                SKIPPED_RAW_OBJECTS, summary.skips().size(), WITHHELD_CORRECTIONS, summary.withheldCount());
    }
}
