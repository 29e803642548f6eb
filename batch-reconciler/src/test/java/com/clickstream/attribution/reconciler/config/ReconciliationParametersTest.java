package com.clickstream.attribution.reconciler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.rules.AttributionWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationParametersTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2024-03-05T02:30:17Z"), ZoneOffset.UTC);

    @Test
    void defaultsAreTheLastThreeDaysUpToTheLastFullHourWithTheSharedWindow() {
        ReconciliationParameters p = ReconciliationParameters.fromOptions(Map.of(), NOW);
        assertThat(p.to()).isEqualTo(Instant.parse("2024-03-05T02:00:00Z"));
        assertThat(p.from()).isEqualTo(Instant.parse("2024-03-02T02:00:00Z"));
        assertThat(p.window()).isEqualTo(AttributionWindow.DEFAULT);
        assertThat(p.lateness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.buckets()).isEqualTo(ReconciliationParameters.DEFAULT_BUCKETS);
    }

    @Test
    void lookbackMovesTheDefaultStart() {
        ReconciliationParameters p = ReconciliationParameters.fromOptions(Map.of("lookback", "1d"), NOW);
        assertThat(p.from()).isEqualTo(Instant.parse("2024-03-04T02:00:00Z"));
    }

    @Test
    void datesAreUtcMidnightsAndDurationsUseTheProjectParser() {
        ReconciliationParameters p = ReconciliationParameters.fromOptions(
                Map.of("from", "2024-03-01", "to", "2024-03-02T12:00:00Z", "window", "90m", "lateness", "PT10M",
                        "buckets", "8"), NOW);
        assertThat(p.from()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(p.window().length()).isEqualTo(Duration.ofMinutes(90));
        assertThat(p.lateness()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.buckets()).isEqualTo(8);
    }

    @Test
    void rollupDaysAreTheWholeUtcDaysTheRangeTouches() {
        ReconciliationParameters p = ReconciliationParameters.fromOptions(
                Map.of("from", "2024-03-01T05:00:00Z", "to", "2024-03-03T00:00:00Z"), NOW);
        assertThat(p.firstDay()).isEqualTo(LocalDate.parse("2024-03-01"));
        assertThat(p.lastDay()).isEqualTo(LocalDate.parse("2024-03-02")); // to is exclusive
        assertThat(p.rollupFrom()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(p.rollupTo()).isEqualTo(Instant.parse("2024-03-03T00:00:00Z"));
        assertThat(p.clicksFrom()).isEqualTo(Instant.parse("2024-02-29T23:00:00Z"));
    }

    @Test
    void jobParametersRoundTripAndIdentifyTheRunWithoutItsRunNumber() {
        ReconciliationParameters p = ReconciliationParameters.fromOptions(Map.of("window", "2h"), NOW);
        assertThat(ReconciliationParameters.fromJobParameters(p.toJobParameters(1L))).isEqualTo(p);
        assertThat(p.sameRunAs(p.toJobParameters(42L))).isTrue();
        ReconciliationParameters other = ReconciliationParameters.fromOptions(Map.of("window", "1h"), NOW);
        assertThat(other.sameRunAs(p.toJobParameters(1L))).isFalse();
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> ReconciliationParameters.fromOptions(Map.of("form", "2024-03-01"), NOW))
                .hasMessageContaining("unknown option --form");
        assertThatThrownBy(() -> ReconciliationParameters.fromOptions(
                Map.of("from", "2024-03-02", "to", "2024-03-01"), NOW)).hasMessageContaining("must be before");
        assertThatThrownBy(() -> ReconciliationParameters.fromOptions(Map.of("from", "yesterday"), NOW))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ReconciliationParameters.fromOptions(Map.of("buckets", "0"), NOW))
                .hasMessageContaining("buckets");
        assertThatThrownBy(() -> ReconciliationParameters.fromOptions(Map.of("window", "0s"), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
