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

/**
 * Histogram of the time from the first click to the checkout, for attributed checkouts. The rollup keeps
 * whole minutes; the chart groups them into at most {@value #MAX_BINS} bins of a round width, from 0 to
 * the longest time seen (empty bins included, so the shape is true).
 */
public final class TimeToPurchaseSection implements ReportSection {

    static final int MAX_BINS = 15;
    private static final int[] WIDTHS = {1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440};

    static final String SQL = """
            SELECT minute, sum(checkouts), sum(revenue)
            FROM ecommerce.rollup_daily_time_to_purchase
            WHERE day BETWEEN ? AND ?
            GROUP BY minute
            ORDER BY minute
            """;

    @Override
    public Chart chart(Connection c, ReportPeriod period) throws SQLException {
        List<Object[]> rows = Sql.rows(c, SQL, period.firstDay(), period.lastDay());
        int maxMinute = rows.stream().mapToInt(r -> ((Number) r[0]).intValue()).max().orElse(-1);
        int width = binWidth(maxMinute);
        int bins = maxMinute < 0 ? 0 : maxMinute / width + 1;
        List<String> labels = new ArrayList<>();
        List<BigDecimal> checkouts = new ArrayList<>();
        List<BigDecimal> revenue = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            labels.add(b * width + "–" + (b + 1) * width);
            checkouts.add(BigDecimal.ZERO);
            revenue.add(BigDecimal.ZERO.setScale(2));
        }
        for (Object[] r : rows) {
            int b = ((Number) r[0]).intValue() / width;
            checkouts.set(b, checkouts.get(b).add(Sql.decimal(r[1])));
            revenue.set(b, revenue.get(b).add(Sql.decimal(r[2])));
        }
        return new Chart("time-to-purchase", "Time from first click to checkout",
                "Attributed checkouts by the time between their first click inside the window and the checkout, in bins "
                        + "of " + width + " minute" + (width == 1 ? "" : "s") + " (a bin from a to b holds times t with "
                        + "a ≤ t < b minutes). Unattributed checkouts have no first click and are not counted.",
                Chart.Kind.HISTOGRAM, "minutes from first click to checkout", "checkouts", labels,
                List.of(new Series("checkouts", checkouts, ValueFormat.COUNT)),
                List.of(new Series("revenue", revenue, ValueFormat.MONEY)),
                "ecommerce.rollup_daily_time_to_purchase (refreshed by the reconciler from attributed_checkouts)");
    }

    /** The smallest round bin width (minutes) that shows minutes 0 .. maxMinute in at most {@value #MAX_BINS} bins. */
    static int binWidth(int maxMinute) {
        for (int w : WIDTHS) {
            if (maxMinute / w + 1 <= MAX_BINS) {
                return w;
            }
        }
        return (maxMinute / MAX_BINS / 1440 + 1) * 1440;
    }
}
