package com.clickstream.attribution.report.section;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeToPurchaseSectionTest {

    @Test
    void binsAreTheSmallestRoundWidthThatFitsInFifteen() {
        assertThat(TimeToPurchaseSection.binWidth(0)).isEqualTo(1);
        assertThat(TimeToPurchaseSection.binWidth(14)).isEqualTo(1);
        assertThat(TimeToPurchaseSection.binWidth(15)).isEqualTo(2);
        assertThat(TimeToPurchaseSection.binWidth(60)).isEqualTo(5); // the default one-hour window: 0..60 in 13 bins
        assertThat(TimeToPurchaseSection.binWidth(1440)).isEqualTo(120);
        assertThat(TimeToPurchaseSection.binWidth(7 * 1440) / 1440 + 1).isLessThanOrEqualTo(15);
    }

    @Test
    void modelsFollowTheEnumThenTheirNames() {
        assertThat(java.util.stream.Stream.of("zeta", "linear", "first_click", "alpha")
                .sorted(ModelComparisonSection.MODEL_ORDER)).containsExactly("first_click", "linear", "alpha", "zeta");
    }
}
