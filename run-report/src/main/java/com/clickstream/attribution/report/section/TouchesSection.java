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

/** Histogram of the number of touches per checkout (0 = unattributed), every count from 0 to the largest. */
public final class TouchesSection implements ReportSection {

    static final String SQL = """
            SELECT touches, sum(checkouts), sum(revenue)
            FROM ecommerce.rollup_daily_touches
            WHERE day BETWEEN ? AND ?
            GROUP BY touches
            ORDER BY touches
            """;

    @Override
    public Chart chart(Connection c, ReportPeriod period) throws SQLException {
        List<Object[]> rows = Sql.rows(c, SQL, period.firstDay(), period.lastDay());
        int max = rows.stream().mapToInt(r -> ((Number) r[0]).intValue()).max().orElse(-1);
        List<String> labels = new ArrayList<>();
        List<BigDecimal> checkouts = new ArrayList<>();
        List<BigDecimal> revenue = new ArrayList<>();
        for (int t = 0; t <= max; t++) {
            labels.add(Integer.toString(t));
            checkouts.add(BigDecimal.ZERO);
            revenue.add(BigDecimal.ZERO.setScale(2));
        }
        for (Object[] r : rows) {
            int t = ((Number) r[0]).intValue();
            checkouts.set(t, Sql.decimal(r[1]));
            revenue.set(t, Sql.decimal(r[2]));
        }
        return new Chart("touches", "Touches per conversion",
                "Checkouts by their number of touches: the clicks of the same user inside the attribution window "
                        + "(copies of a click counted once), the touches the multi-touch models share the credit among. "
                        + "0 = no click in the window (unattributed).",
                Chart.Kind.HISTOGRAM, "touches (clicks in the window)", "checkouts", labels,
                List.of(new Series("checkouts", checkouts, ValueFormat.COUNT)),
                List.of(new Series("revenue", revenue, ValueFormat.MONEY)),
                "ecommerce.rollup_daily_touches (written by the reconciler from raw clicks)");
    }
}
