package com.clickstream.attribution.report.chart;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One named row of numbers of a chart, one value per category (null = no value: drawn as nothing, shown
 * as "–" in the table).
 *
 * @param name   legend and table header, e.g. {@code first_click} or {@code google}
 * @param values one per category of the chart, in category order
 * @param format how the values read in the table and the tooltips
 */
public record Series(String name, List<BigDecimal> values, ValueFormat format) {

    public Series {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values)); // nulls allowed
    }

    /** The value of category {@code i}, 0 when there is none (for drawing). */
    public BigDecimal valueOrZero(int i) {
        BigDecimal v = values.get(i);
        return v == null ? BigDecimal.ZERO : v;
    }
}
