package com.clickstream.attribution.reconciler.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.clickstream.attribution.reconciler.raw.RawSkip;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/** CloudWatch cannot run here: an in-process stub of the client records what the run publishes. */
class RunMetricsWithStubCloudWatchTest {

    /** Records requests; fails every call when {@code failing}. */
    static final class StubCloudWatch implements CloudWatchClient {
        final List<PutMetricDataRequest> requests = new ArrayList<>();
        final boolean failing;

        StubCloudWatch(boolean failing) {
            this.failing = failing;
        }

        @Override
        public PutMetricDataResponse putMetricData(PutMetricDataRequest request) {
            if (failing) {
                throw new IllegalStateException("CloudWatch unavailable");
            }
            requests.add(request);
            return PutMetricDataResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "cloudwatch";
        }

        @Override
        public void close() {
        }
    }

    private static RunSummary summary(long checkouts, Map<String, Long> corrections) {
        return new RunSummary(7, RunStatus.COMPLETED_WITH_SKIPS, Map.of(), 3, 2, 1_000, 990, 0, 2, checkouts,
                corrections, 0, Map.of("later_click", 2L, "to_unattributed", 1L), 12,
                List.of(new RawSkip("raw/click/dt=2024-03-01/hour=11/a.parquet", "corrupt_object", "not Parquet")), 1.5);
    }

    @Test
    void publishesTheCorrectionRateAndCountsIntoTheNamespace() {
        StubCloudWatch stub = new StubCloudWatch(false);

        new RunMetrics(stub, "ClickstreamAttribution").publish(summary(400, Map.of("late_click", 6L, "duplicate", 4L)));

        assertThat(stub.requests).hasSize(1);
        PutMetricDataRequest request = stub.requests.get(0);
        assertThat(request.namespace()).isEqualTo("ClickstreamAttribution");
        assertThat(request.metricData()).extracting(MetricDatum::metricName, MetricDatum::value, MetricDatum::unit)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("CorrectionRate", 2.5, StandardUnit.PERCENT),
                        org.assertj.core.groups.Tuple.tuple("CorrectionsWritten", 10.0, StandardUnit.COUNT),
                        org.assertj.core.groups.Tuple.tuple("CheckoutsReconciled", 400.0, StandardUnit.COUNT),
                        org.assertj.core.groups.Tuple.tuple("SkippedRawObjects", 1.0, StandardUnit.COUNT),
                        org.assertj.core.groups.Tuple.tuple("WithheldCorrections", 3.0, StandardUnit.COUNT));
    }

    @Test
    void aRangeWithoutCheckoutsHasARateOfZero() {
        assertThat(RunMetrics.data(summary(0, Map.of())).get(0).value()).isZero();
    }

    @Test
    void offPublishesNothingAndAFailedPublishDoesNotFailTheRun() {
        assertThatCode(() -> RunMetrics.off().publish(summary(10, Map.of()))).doesNotThrowAnyException();
        StubCloudWatch failing = new StubCloudWatch(true);
        assertThatCode(() -> new RunMetrics(failing, "ns").publish(summary(10, Map.of("late_click", 1L))))
                .doesNotThrowAnyException();
        assertThat(failing.requests).isEmpty();
    }
}
