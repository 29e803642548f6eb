package com.clickstream.attribution.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SvgBarChartTest {

    @Test
    void ticksAreRoundStepsFromZeroToAtLeastTheMaximum() {
        assertThat(SvgBarChart.ticks(17_801.76)).containsExactly(0, 5_000, 10_000, 15_000, 20_000);
        assertThat(SvgBarChart.ticks(7)).containsExactly(0, 2, 4, 6, 8);
        assertThat(SvgBarChart.ticks(1)).hasSize(6).endsWith(1.0);
        assertThat(SvgBarChart.ticks(0)).containsExactly(0, 1);
    }

    @Test
    void stackedBarsStackAndTheAxisCoversTheLargestStack() {
        Chart chart = new Chart("c", "t", "d", Chart.Kind.STACKED_BARS, "x", "y", List.of("a", "b"),
                List.of(series("s1", "3", "1"), series("s2", "4", null)), List.of(), "src");
        assertThat(SvgBarChart.maxValue(chart)).isEqualTo(7);
        String svg = SvgBarChart.render(chart);
        assertThat(svg.split("<rect class=\"mark\"", -1)).hasSize(4); // the missing value draws nothing
        assertThat(svg).contains("<title>a · s2: 4</title>").contains(">x</text>").contains(">y</text>");
    }

    @Test
    void namesAreEscapedInMarksTooltipsAndTables() {
        Chart chart = new Chart("c", "t", "d", Chart.Kind.GROUPED_BARS, "x", "y", List.of("<b>&"),
                List.of(series("\"q\"", "1")), List.of(), "src");
        assertThat(SvgBarChart.render(chart)).contains("data-category=\"&lt;b&gt;&amp;\"").doesNotContain("<b>&");
        assertThat(DataTable.render(chart)).contains("&quot;q&quot;").doesNotContain("<b>&");
    }

    @Test
    void aSeriesNeedsOneValuePerCategory() {
        assertThatThrownBy(() -> new Chart("c", "t", "d", Chart.Kind.HISTOGRAM, "x", "y", List.of("a", "b"),
                List.of(series("s", "1")), List.of(), "src")).hasMessageContaining("1 values for 2 categories");
    }

    private static Series series(String name, String... values) {
        return new Series(name, Arrays.stream(values).map(v -> v == null ? null : new BigDecimal(v)).toList(), ValueFormat.COUNT);
    }
}
