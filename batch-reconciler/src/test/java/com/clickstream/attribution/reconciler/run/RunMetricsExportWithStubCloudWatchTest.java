package com.clickstream.attribution.reconciler.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.clickstream.attribution.reconciler.support.StubCloudWatch;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Micrometer's CloudWatch registry, customized as the application does ({@link RunMetricsExport}), publishing
 * through a stub client (CloudWatch cannot run here): what reaches PutMetricData when the registry is closed,
 * as at the process's exit.
 */
class RunMetricsExportWithStubCloudWatchTest {

    private static final CloudWatchConfig CONFIG = new CloudWatchConfig() {
        @Override
        public String namespace() {
            return "ClickstreamAttribution";
        }

        @Override
        public String get(String key) {
            return null; // every other setting at Micrometer's default (step 1m: no scheduled publish during the test)
        }
    };

    private static CloudWatchMeterRegistry registry(StubCloudWatch cloudWatch) {
        CloudWatchMeterRegistry registry = new CloudWatchMeterRegistry(CONFIG, Clock.SYSTEM, cloudWatch);
        new RunMetricsExport().customize(registry);
        return registry;
    }

    @Test
    void closingPublishesTheRunsFiguresUnderTheAlarmsNamesWithoutDimensions() {
        StubCloudWatch cloudWatch = new StubCloudWatch(false);
        CloudWatchMeterRegistry registry = registry(cloudWatch);
        new RunMetrics(registry).record(RunMetricsTest.summary(400, Map.of("late_click", 6L, "duplicate", 4L)));

        registry.close();

        assertThat(cloudWatch.requests()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.namespace()).isEqualTo("ClickstreamAttribution"));
        Map<String, MetricDatum> published = cloudWatch.lastByName();
        assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(RunMetrics.NAMES);
        assertThat(published.values()).allSatisfy(d -> assertThat(d.dimensions()).isEmpty());
        assertThat(published.get("CorrectionRate").value()).isEqualTo(2.5);
        assertThat(published.get("CorrectionRate").unit()).isEqualTo(StandardUnit.PERCENT);
        assertThat(published.get("CorrectionsWritten").value()).isEqualTo(10.0);
        assertThat(published.get("CheckoutsReconciled").value()).isEqualTo(400.0);
        assertThat(published.get("SkippedRawObjects").value()).isEqualTo(1.0);
        assertThat(published.get("SkippedRawObjects").unit()).isEqualTo(StandardUnit.COUNT);
        assertThat(published.get("WithheldCorrections").value()).isEqualTo(3.0);
    }

    @Test
    void onlyTheRunsFiguresAreExported() {
        StubCloudWatch cloudWatch = new StubCloudWatch(false);
        CloudWatchMeterRegistry registry = registry(cloudWatch);
        new RunMetrics(registry).record(RunMetricsTest.summary(10, Map.of()));
        // what Boot's JVM binders and Spring Batch (through the global registry) would register
        registry.gauge("jvm.threads.live", 42);
        registry.counter("spring.batch.job", "name", "reconciliationJob").increment();

        registry.close();

        assertThat(cloudWatch.lastByName().keySet()).containsExactlyInAnyOrderElementsOf(RunMetrics.NAMES);
    }

    @Test
    void beforeAnyRunNothingIsPublished() {
        StubCloudWatch cloudWatch = new StubCloudWatch(false);
        CloudWatchMeterRegistry registry = registry(cloudWatch);
        new RunMetrics(registry);

        registry.close();

        assertThat(cloudWatch.lastByName()).isEmpty();
    }

    @Test
    void aFailedPublishDoesNotThrow() {
        StubCloudWatch failing = new StubCloudWatch(true);
        CloudWatchMeterRegistry registry = registry(failing);
        new RunMetrics(registry).record(RunMetricsTest.summary(10, Map.of("late_click", 1L)));

        assertThatCode(registry::close).doesNotThrowAnyException();
        assertThat(failing.requests()).isEmpty();
    }
}
