package com.clickstream.attribution.report.chart;

import java.util.List;
import java.util.Objects;

/**
 * What one chart shows, independent of how it is drawn: categories along the x axis, series of values
 * (one per category), and the columns only the table shows. {@link SvgBarChart} draws it, {@link DataTable}
 * lists the same numbers under it.
 *
 * @param id           HTML id of the chart's section (stable: tests and links use it)
 * @param title        the chart's title
 * @param description  one or two sentences: what is counted, from which table
 * @param kind         how the series are drawn
 * @param categoryAxis x axis label (with its unit where it has one)
 * @param valueAxis    y axis label with its unit, e.g. {@code revenue (USD)}
 * @param categories   the x axis categories, in order
 * @param series       the plotted series
 * @param tableOnly    extra columns of the table (e.g. revenue under a histogram of checkouts)
 * @param source       the tables the numbers come from, shown under the chart
 */
public record Chart(String id, String title, String description, Kind kind, String categoryAxis, String valueAxis,
        List<String> categories, List<Series> series, List<Series> tableOnly, String source) {

    /** How the series are drawn. */
    public enum Kind {
        /** One bar per series side by side in each category (e.g. models per traffic source). */
        GROUPED_BARS,
        /** The series stacked into one bar per category (e.g. sources per day). */
        STACKED_BARS,
        /** One series, bars touching: bins of a distribution. */
        HISTOGRAM
    }

    public Chart {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(kind, "kind");
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        tableOnly = List.copyOf(tableOnly);
        for (Series s : series) {
            requireOnePerCategory(s, categories.size());
        }
        for (Series s : tableOnly) {
            requireOnePerCategory(s, categories.size());
        }
        if (kind == Kind.HISTOGRAM && series.size() > 1) {
            throw new IllegalArgumentException("a histogram has one series, " + id + " has " + series.size());
        }
    }

    /** True when there is nothing to draw (no category, or every value missing or zero). */
    public boolean isEmpty() {
        return categories.isEmpty() || series.stream().allMatch(s -> s.values().stream()
                .allMatch(v -> v == null || v.signum() == 0));
    }

    private static void requireOnePerCategory(Series s, int categories) {
        if (s.values().size() != categories) {
            throw new IllegalArgumentException("series " + s.name() + " has " + s.values().size() + " values for "
                    + categories + " categories");
        }
    }
}
