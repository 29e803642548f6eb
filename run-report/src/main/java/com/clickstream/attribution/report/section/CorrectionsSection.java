package com.clickstream.attribution.report.section;

import com.clickstream.attribution.report.ReportPeriod;
import com.clickstream.attribution.report.chart.Chart;
import com.clickstream.attribution.report.chart.ValueFormat;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Ledger rows per UTC day of the corrected checkout, stacked by reason. */
public final class CorrectionsSection implements ReportSection {

    static final String SQL = """
            SELECT (c.checkout_ts AT TIME ZONE 'UTC')::date AS day, k.reason, count(*)
            FROM ecommerce.attribution_corrections k
            JOIN ecommerce.attributed_checkouts c ON c.checkout_id = k.checkout_id
            WHERE c.checkout_ts >= ? AND c.checkout_ts < ?
            GROUP BY 1, 2
            """;

    @Override
    public Chart chart(Connection c, ReportPeriod period) throws SQLException {
        Pivot pivot = new Pivot();
        for (Object[] r : Sql.rows(c, SQL, period.from(), period.to())) {
            pivot.add(r[0].toString(), (String) r[1], Sql.decimal(r[2]));
        }
        List<String> days = period.days().stream().map(LocalDate::toString).toList();
        List<String> reasons = pivot.seriesByTotal(Set.of());
        return new Chart("corrections", "Corrections by reason per day",
                "Rows of the ledger (one per checkout and reconciliation run that changed its answer) by the UTC day of "
                        + "the checkout and the reason: late_click (a click after the stream's allowed lateness moved the "
                        + "first click), late_checkout, missed_by_stream, duplicate, rule_change.",
                Chart.Kind.STACKED_BARS, "day (UTC)", "corrections", days,
                pivot.series(reasons, days, ValueFormat.COUNT), List.of(),
                "ecommerce.attribution_corrections (the ledger) joined to attributed_checkouts for the checkout's day");
    }
}
