package com.clickstream.attribution.report.section;

import com.clickstream.attribution.report.ReportPeriod;
import com.clickstream.attribution.report.chart.Chart;
import com.clickstream.attribution.report.chart.ValueFormat;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** Rejected records received in the period, per reason code, stacked by the component that rejected them. */
public final class DeadLettersSection implements ReportSection {

    static final String SQL = """
            SELECT reason_code, source, count(*)
            FROM ecommerce.dead_letters
            WHERE received_at >= ? AND received_at < ?
            GROUP BY 1, 2
            """;

    @Override
    public Chart chart(Connection c, ReportPeriod period) throws SQLException {
        Pivot pivot = new Pivot();
        for (Object[] r : Sql.rows(c, SQL, period.from(), period.to())) {
            pivot.add((String) r[0], (String) r[1], Sql.decimal(r[2]));
        }
        List<String> reasons = pivot.categoriesByTotal(Set.of());
        List<String> sources = pivot.seriesByTotal(Set.of());
        return new Chart("dead-letters", "Dead letters by reason",
                "Records rejected in the period (by the UTC day they were received, not their event time), kept verbatim "
                        + "in dead_letters with their reason code, stacked by the component that rejected them. Never "
                        + "dropped: each one is here.",
                Chart.Kind.STACKED_BARS, "reason code", "records", reasons,
                pivot.series(sources, reasons, ValueFormat.COUNT), List.of(),
                "ecommerce.dead_letters");
    }
}
