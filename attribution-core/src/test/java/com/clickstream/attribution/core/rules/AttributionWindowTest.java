package com.clickstream.attribution.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AttributionWindowTest {

    @Test
    void defaultIsOneHour() {
        assertThat(AttributionWindow.DEFAULT.length()).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest
    @CsvSource({
            "1h, PT1H",
            "90m, PT1H30M",
            "3600s, PT1H",
            "1500ms, PT1.5S",
            "1d, PT24H",
            "PT1H, PT1H",
            "pt45m, PT45M",
            "' 2H ', PT2H",
            "10 m, PT10M"})
    void parsesShortAndIsoForms(String text, String expected) {
        assertThat(AttributionWindow.parse(text).length()).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "h", "-1h", "0s", "PT0S", "PT-1H", "1 hour", "1.5h", "PT0.0005S",
            "99999999999999999999h"})
    void rejectsWhatIsNotAPositiveWholeMillisecondWindow(String text) {
        assertThatThrownBy(() -> AttributionWindow.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsTheShortestSetting() {
        assertThat(AttributionWindow.DEFAULT.format()).isEqualTo("1h");
        assertThat(AttributionWindow.parse("PT1H30M").format()).isEqualTo("90m");
    }

    @Test
    void containsIsInclusiveAtBothEnds() {
        Instant checkout = Instant.parse("2024-03-01T12:00:00Z");
        AttributionWindow w = AttributionWindow.parse("1h");

        assertThat(w.contains(checkout.minusSeconds(3600), checkout)).isTrue();
        assertThat(w.contains(checkout.minusSeconds(3600).minusMillis(1), checkout)).isFalse();
        assertThat(w.contains(checkout, checkout)).isTrue();
        assertThat(w.contains(checkout.plusMillis(1), checkout)).isFalse();
        assertThat(w.earliestClickTs(checkout)).isEqualTo(Instant.parse("2024-03-01T11:00:00Z"));
    }
}
