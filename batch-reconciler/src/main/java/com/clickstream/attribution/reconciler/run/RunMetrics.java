package com.clickstream.attribution.reconciler.run;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Publishes a finished run's figures to CloudWatch, where the "correction rate" alarm watches them
 * (infra-cdk {@code PipelineMetrics}): {@value #CORRECTION_RATE} = corrected checkouts / reconciled
 * checkouts x 100 (0 when the range had no checkout), {@value #CORRECTIONS}, {@value #CHECKOUTS}, and for runs that
 * could not read every raw object {@value #SKIPPED_RAW_OBJECTS} (alarmed on) and {@value #WITHHELD_CORRECTIONS}.
 *
 * <p>A failed publish is logged as an error and does not fail the run: the reconciliation itself is
 * complete and recorded in {@code reconciliation_runs}; the alarm's missing-data setting covers a run
 * whose metrics never arrived.
 */
public final class RunMetrics implements AutoCloseable {

    public static final String CORRECTION_RATE = "CorrectionRate";
    public static final String CORRECTIONS = "CorrectionsWritten";
    public static final String CHECKOUTS = "CheckoutsReconciled";
    /** Raw objects and folders the run could not read (alarm: any). */
    public static final String SKIPPED_RAW_OBJECTS = "SkippedRawObjects";
    /** Corrections withheld because of those skips ({@code PartialDataGuard}). */
    public static final String WITHHELD_CORRECTIONS = "WithheldCorrections";

    private static final Logger log = LoggerFactory.getLogger(RunMetrics.class);

    private final CloudWatchClient cloudWatch;
    private final String namespace;

    /** @param cloudWatch null = publishing is off (local runs, tests) */
    public RunMetrics(CloudWatchClient cloudWatch, String namespace) {
        this.cloudWatch = cloudWatch;
        this.namespace = cloudWatch == null ? null : Objects.requireNonNull(namespace, "namespace");
    }

    public static RunMetrics off() {
        return new RunMetrics(null, null);
    }

    /** The figures of a run, in the order they are published. */
    static List<MetricDatum> data(RunSummary summary) {
        double rate = summary.checkouts() == 0 ? 0 : 100.0 * summary.correctionCount() / summary.checkouts();
        return List.of(
                MetricDatum.builder().metricName(CORRECTION_RATE).unit(StandardUnit.PERCENT).value(rate).build(),
                MetricDatum.builder().metricName(CORRECTIONS).unit(StandardUnit.COUNT)
                        .value((double) summary.correctionCount()).build(),
                MetricDatum.builder().metricName(CHECKOUTS).unit(StandardUnit.COUNT)
                        .value((double) summary.checkouts()).build(),
                MetricDatum.builder().metricName(SKIPPED_RAW_OBJECTS).unit(StandardUnit.COUNT)
                        .value((double) summary.skips().size()).build(),
                MetricDatum.builder().metricName(WITHHELD_CORRECTIONS).unit(StandardUnit.COUNT)
                        .value((double) summary.withheldCount()).build());
    }

    public void publish(RunSummary summary) {
        if (cloudWatch == null) {
            return;
        }
        try {
            cloudWatch.putMetricData(b -> b.namespace(namespace).metricData(data(summary)));
            log.info("run {}: published {} to CloudWatch namespace {}", summary.runId(), data(summary).stream()
                    .map(d -> d.metricName() + "=" + d.value()).toList(), namespace);
        } catch (RuntimeException e) {
            log.error("run {}: publishing metrics to CloudWatch namespace {} failed; the run itself completed",
                    summary.runId(), namespace, e);
        }
    }

    @Override
    public void close() {
        if (cloudWatch != null) {
            cloudWatch.close();
        }
    }
}
