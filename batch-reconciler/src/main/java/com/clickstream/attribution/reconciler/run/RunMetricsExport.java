package com.clickstream.attribution.reconciler.run;

import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.cloudwatch2.CloudWatchNamingConvention;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.NamingConvention;
import org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer;

/**
 * What the CloudWatch registry (Spring Cloud AWS, on when {@code management.cloudwatch.metrics.export.namespace}
 * is set) exports: the run's figures ({@link RunMetrics#NAMES}) under their plain names, and nothing else.
 *
 * <ul>
 *   <li>Only the run's figures: every other meter (JVM, Hikari, Spring Batch's timers, which reach the registry
 *       through Micrometer's global registry) would be a billed custom metric, most of them with dimensions
 *       that no alarm reads.</li>
 *   <li>Plain names: Micrometer names a gauge's datum {@code <name>.value}; the alarms (infra-cdk
 *       {@code PipelineAlarms}) and the dashboards use {@code CorrectionRate}, {@code SkippedRawObjects}, … as the
 *       reconciler has always published them, so the suffix is dropped for gauges.</li>
 * </ul>
 */
public final class RunMetricsExport implements MeterRegistryCustomizer<CloudWatchMeterRegistry> {

    private static final String GAUGE_SUFFIX = ".value";

    /** Micrometer's CloudWatch naming (identity, length limits on tags), without the gauge suffix. */
    static final NamingConvention GAUGES_BY_PLAIN_NAME = new CloudWatchNamingConvention(
            (name, type, baseUnit) -> type == Meter.Type.GAUGE && name.endsWith(GAUGE_SUFFIX)
                    ? name.substring(0, name.length() - GAUGE_SUFFIX.length())
                    : name);

    @Override
    public void customize(CloudWatchMeterRegistry registry) {
        registry.config()
                .namingConvention(GAUGES_BY_PLAIN_NAME)
                .meterFilter(MeterFilter.denyUnless(id -> RunMetrics.NAMES.contains(id.getName())));
    }
}
