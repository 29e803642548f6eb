package com.clickstream.attribution.report.section;

import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.report.ReportPeriod;
import com.clickstream.attribution.report.chart.Chart;
import com.clickstream.attribution.report.chart.ValueFormat;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Revenue per UTC day, stacked by first-click traffic source (the answer stored per checkout). */
public final class DailyRevenueSection implements ReportSection {

    static final String SQL = """
            SELECT (hour AT TIME ZONE 'UTC')::date AS day, traffic_source, sum(revenue)
            FROM ecommerce.rollup_hourly_source_device
            WHERE hour >= ? AND hour < ?
            GROUP BY 1, 2
            """;

    @Override
    public Chart chart(Connection c, ReportPeriod period) throws SQLException {
        Pivot pivot = new Pivot();
        for (Object[] r : Sql.rows(c, SQL, period.from(), period.to())) {
            pivot.add(r[0].toString(), (String) r[1], Sql.decimal(r[2]));
        }
        List<String> days = period.days().stream().map(LocalDate::toString).toList();
        // sources by their revenue over the period (the biggest at the bottom of each stack), unattributed on top
        List<String> sources = pivot.seriesByTotal(Set.of(Attribution.UNATTRIBUTED));
        return new Chart("daily-revenue", "Daily revenue by traffic source (first click)",
                "Revenue of the checkouts of each UTC day (checkout event time), stacked by the traffic source of "
                        + "their first click inside the window, as stored in attributed_checkouts after reconciliation.",
                Chart.Kind.STACKED_BARS, "day (UTC)", "revenue (currency units)", days,
                pivot.series(sources, days, ValueFormat.MONEY), List.of(),
                "ecommerce.rollup_hourly_source_device (refreshed by the reconciler from attributed_checkouts)");
    }
}
