package com.clickstream.attribution.bench.b2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RampPlanTest {

    private final RampPlan plan = new RampPlan(500, 2, 32_000, Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofSeconds(15), 0.9, Duration.ofSeconds(10));

    @Test
    void ratesDoubleUpToTheMaximum() {
        assertThat(plan.rates()).containsExactly(500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000);
        assertThat(new RampPlan(300, 3, 3_000, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), 0.9,
                Duration.ofSeconds(1)).rates()).containsExactly(300, 900, 2_700);
    }

    @Test
    void recordsPerPhaseAreRateTimesDuration() {
        assertThat(plan.warmupRecords()).isEqualTo(5_000);
        assertThat(plan.rampInRecords(2_000)).isEqualTo(10_000);
        assertThat(plan.measuredRecords(2_000)).isEqualTo(30_000);
        assertThat(RampPlan.records(333, Duration.ofMillis(1500))).isEqualTo(500);
        // warm-up + 20 s at each rate
        assertThat(plan.totalRecords()).isEqualTo(5_000 + 20L * 63_500);
    }

    @Test
    void aStepThatKeepsUpIsNotSaturated() {
        assertThat(plan.saturation(2_000, 1_990, 1_850, 3.0)).isNull();
    }

    @Test
    void aStepIsSaturatedByTheFeedTheJobOrTheLatency() {
        assertThat(plan.saturation(8_000, 6_000, 6_000, 1.0)).startsWith("feed sent only 6000/s");
        assertThat(plan.saturation(4_000, 4_000, 3_500, 1.0)).startsWith("job processed 3500/s");
        assertThat(plan.saturation(4_000, 4_000, 4_000, 12.5)).isEqualTo("p99 12.5 s > 10 s");
    }

    @Test
    void refusesABadPlan() {
        assertThatThrownBy(() -> new RampPlan(500, 1, 1_000, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0.9,
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RampPlan(500, 2, 100, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0.9,
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
