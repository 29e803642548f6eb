package com.clickstream.attribution.report.section;

import com.clickstream.attribution.report.ReportPeriod;
import com.clickstream.attribution.report.chart.Chart;
import com.clickstream.attribution.report.chart.Series;
import com.clickstream.attribution.report.chart.ValueFormat;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The most frequent conversion paths of the period (the sources of a checkout's touches, in touch order). */
public final class ConversionPathsSection implements ReportSection {

    /** Paths shown: the rest are in the rollup, for the analyst query (db/queries). */
    static final int TOP = 15;

    static final String SQL = """
            SELECT path, sum(conversions), sum(revenue)
            FROM ecommerce.rollup_daily_conversion_paths
            WHERE day BETWEEN ? AND ?
            GROUP BY path
            ORDER BY sum(conversions) DESC, sum(revenue) DESC, path
            LIMIT ?
            """;

    @Override
    public Chart chart(Connection c, ReportPeriod period) throws SQLException {
        List<String> paths = new ArrayList<>();
        List<BigDecimal> conversions = new ArrayList<>();
        List<BigDecimal> revenue = new ArrayList<>();
        for (Object[] r : Sql.rows(c, SQL, period.firstDay(), period.lastDay(), TOP)) {
            paths.add((String) r[0]);
            conversions.add(Sql.decimal(r[1]));
            revenue.add(Sql.decimal(r[2]));
        }
        return new Chart("paths", "Top conversion paths",
                "The " + TOP + " most frequent paths of the period: the traffic sources of a checkout's touches (its "
                        + "clicks inside the attribution window) in time order, consecutive repeats collapsed, at most "
                        + "the last 10 steps; 'unattributed' = no click in the window.",
                Chart.Kind.GROUPED_BARS, "path (sources in touch order)", "conversions (checkouts)", paths,
                List.of(new Series("conversions", conversions, ValueFormat.COUNT)),
                List.of(new Series("revenue", revenue, ValueFormat.MONEY)),
                "ecommerce.rollup_daily_conversion_paths (written by the reconciler from raw clicks)");
    }
}
