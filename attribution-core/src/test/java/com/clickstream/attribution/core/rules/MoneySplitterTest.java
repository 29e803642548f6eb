package com.clickstream.attribution.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The money split rule of docs/attribution.md, "Splitting money", one case each. */
class MoneySplitterTest {

    private static List<BigDecimal> amounts(String... values) {
        return Arrays.stream(values).map(BigDecimal::new).toList();
    }

    private static List<BigDecimal> split(String total, String... weights) {
        return MoneySplitter.split(new BigDecimal(total), amounts(weights));
    }

    @Test
    @DisplayName("100.00 in three equal parts: the left-over cent goes to the first part")
    void equalThirdsGiveTheExtraCentToTheEarliest() {
        assertThat(split("100.00", "1", "1", "1")).isEqualTo(amounts("33.34", "33.33", "33.33"));
    }

    @Test
    @DisplayName("0.02 in three equal parts: the first two get a cent each")
    void fewerCentsThanParts() {
        assertThat(split("0.02", "1", "1", "1")).isEqualTo(amounts("0.01", "0.01", "0.00"));
    }

    @Test
    @DisplayName("the largest remainder gets the cent before an earlier smaller one")
    void largestRemainderBeforePosition() {
        // exact shares 1.4285.., 2.8571.., 5.7142.. -> floors 1.42, 2.85, 5.71 (9.98); remainders .85, .71, .42
        assertThat(split("10.00", "1", "2", "4")).isEqualTo(amounts("1.43", "2.86", "5.71"));
    }

    @Test
    @DisplayName("weights of different scales are exact ratios")
    void weightsOfDifferentScales() {
        assertThat(split("10.00", "0.5", "1")).isEqualTo(amounts("3.33", "6.67"));
    }

    @Test
    @DisplayName("a zero-weight part gets nothing, even a left-over cent")
    void zeroWeightGetsNothing() {
        assertThat(split("0.01", "0", "1")).isEqualTo(amounts("0.00", "0.01"));
        assertThat(split("0.05", "0", "1", "1")).isEqualTo(amounts("0.00", "0.03", "0.02"));
    }

    @Test
    @DisplayName("a zero total gives all zeros")
    void zeroTotal() {
        assertThat(split("0.00", "2", "1", "2")).isEqualTo(amounts("0.00", "0.00", "0.00"));
    }

    @Test
    @DisplayName("parts are scale 2 even when the total has fewer decimals")
    void partsAreCents() {
        assertThat(split("7", "1")).isEqualTo(amounts("7.00"));
    }

    @Test
    void rejectsNegativeTotal() {
        assertThatThrownBy(() -> split("-1.00", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void rejectsMoreThanTwoDecimals() {
        assertThatThrownBy(() -> split("1.005", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMissingNegativeOrAllZeroWeights() {
        assertThatThrownBy(() -> split("1.00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> split("1.00", "1", "-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> split("1.00", "0", "0")).isInstanceOf(IllegalArgumentException.class);
    }
}
