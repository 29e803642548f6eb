package com.clickstream.attribution.reconciler.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.reconciler.raw.RawSkip;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run's figures on a real (in-memory) Micrometer registry. */
class RunMetricsTest {

    static RunSummary summary(long checkouts, Map<String, Long> corrections) {
        return new RunSummary(7, RunStatus.COMPLETED_WITH_SKIPS, Map.of(), 3, 2, 1_000, 990, 0, 2, checkouts,
                corrections, 0, Map.of("later_click", 2L, "to_unattributed", 1L), 12,
                List.of(new RawSkip("raw/click/dt=2024-03-01/hour=11/a.parquet", "corrupt_object", "not Parquet")), 1.5);
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RunMetrics metrics = new RunMetrics(registry);

    private Gauge gauge(String name) {
        return registry.get(name).gauge();
    }

    @Test
    void beforeAnyRunEveryFigureIsNaNWhichNoRegistryExports() {
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                .containsExactlyInAnyOrderElementsOf(RunMetrics.NAMES);
        assertThat(RunMetrics.NAMES).allSatisfy(name -> assertThat(gauge(name).value()).isNaN());
    }

    @Test
    void aRunsFiguresWithTheUnitsAndNoTags() {
        metrics.record(summary(400, Map.of("late_click", 6L, "duplicate", 4L)));

        assertThat(gauge(RunMetrics.CORRECTION_RATE).value()).isEqualTo(2.5);
        assertThat(gauge(RunMetrics.CORRECTIONS).value()).isEqualTo(10.0);
        assertThat(gauge(RunMetrics.CHECKOUTS).value()).isEqualTo(400.0);
        assertThat(gauge(RunMetrics.SKIPPED_RAW_OBJECTS).value()).isEqualTo(1.0);
        assertThat(gauge(RunMetrics.WITHHELD_CORRECTIONS).value()).isEqualTo(3.0);
        assertThat(gauge(RunMetrics.CORRECTION_RATE).getId().getBaseUnit()).isEqualTo("percent");
        assertThat(gauge(RunMetrics.CHECKOUTS).getId().getBaseUnit()).isEqualTo("count");
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags()).isEmpty());
    }

    @Test
    void theNextRunReplacesTheFigures() {
        metrics.record(summary(400, Map.of("late_click", 6L, "duplicate", 4L)));
        metrics.record(summary(0, Map.of()));

        assertThat(gauge(RunMetrics.CORRECTION_RATE).value()).as("a range without checkouts").isZero();
        assertThat(gauge(RunMetrics.CORRECTIONS).value()).isZero();
    }
}
