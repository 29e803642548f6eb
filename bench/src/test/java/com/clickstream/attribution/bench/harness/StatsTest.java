package com.clickstream.attribution.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheRunOrder() {
        Stats s = Stats.of("s", 9.0, 1.0, 4.0);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.median()).isEqualTo(4.0);
        assertThat(s.max()).isEqualTo(9.0);
        assertThat(s.runs()).containsExactly(9.0, 1.0, 4.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Stats.of("s", 4.0, 1.0, 3.0, 10.0).median()).isEqualTo(3.5);
    }

    @Test
    void mapKeepsRunOrderAndChangesTheUnit() {
        Stats rates = Stats.of("s", 2.0, 4.0, 5.0).map("events/s", seconds -> 1000 / seconds);
        assertThat(rates.unit()).isEqualTo("events/s");
        assertThat(rates.runs()).containsExactly(500.0, 250.0, 200.0);
        assertThat(rates.median()).isEqualTo(250.0);
    }

    @Test
    void formatsMedianMinAndMax() {
        assertThat(Stats.of("events/s", 1234567, 1000000, 2000000).format())
                .isEqualTo("1,234,567 (1,000,000 – 2,000,000) events/s");
        assertThat(Stats.of("s", 2.345).format()).isEqualTo("2.35 s");
        assertThat(Stats.number(42.25)).isEqualTo("42.3");
    }

    @Test
    void refusesAnEmptyMeasurement() {
        assertThatThrownBy(() -> Stats.of("s")).isInstanceOf(IllegalArgumentException.class);
    }
}
