package com.clickstream.attribution.report.chart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers behind a {@link Chart} as an HTML table: one row per category, one column per series (plotted
 * ones first, then the table-only ones), and a total row. Each number cell carries its plain SQL value in
 * {@code data-value}; the text is the same value grouped for reading.
 */
public final class DataTable {

    private DataTable() {
    }

    public static String render(Chart chart) {
        List<Series> columns = new ArrayList<>(chart.series());
        columns.addAll(chart.tableOnly());
        StringBuilder t = new StringBuilder(2048);
        t.append("<table class=\"numbers\" data-chart=\"").append(Html.escape(chart.id())).append("\">\n<thead><tr><th scope=\"col\">")
                .append(Html.escape(chart.categoryAxis())).append("</th>");
        for (Series s : columns) {
            t.append("<th scope=\"col\">").append(Html.escape(s.name())).append("</th>");
        }
        t.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < chart.categories().size(); i++) {
            t.append("<tr><th scope=\"row\">").append(Html.escape(chart.categories().get(i))).append("</th>");
            for (Series s : columns) {
                cell(t, s.values().get(i), s.format());
            }
            t.append("</tr>\n");
        }
        t.append("</tbody>\n");
        if (chart.categories().size() > 1) {
            t.append("<tfoot><tr class=\"total\"><th scope=\"row\">total</th>");
            for (Series s : columns) {
                if (s.format() == ValueFormat.PERCENT) {
                    t.append("<td></td>");
                } else {
                    BigDecimal sum = BigDecimal.ZERO;
                    for (BigDecimal v : s.values()) {
                        sum = v == null ? sum : sum.add(v);
                    }
                    cell(t, sum, s.format());
                }
            }
            t.append("</tr></tfoot>\n");
        }
        t.append("</table>\n");
        return t.toString();
    }

    private static void cell(StringBuilder t, BigDecimal value, ValueFormat format) {
        t.append("<td data-value=\"").append(ValueFormat.plain(value)).append("\">").append(Html.escape(format.format(value)))
                .append("</td>");
    }
}
