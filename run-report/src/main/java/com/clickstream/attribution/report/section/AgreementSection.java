package com.clickstream.attribution.report.section;

import com.clickstream.attribution.report.ReportPeriod;
import com.clickstream.attribution.report.chart.Chart;
import com.clickstream.attribution.report.chart.Series;
import com.clickstream.attribution.report.chart.ValueFormat;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per UTC day, how many checkouts the stream already had right: the day's checkouts minus those with at
 * least one row in the ledger (the reconciler changed their answer, or wrote them because the stream had
 * not). Days no reconciliation has covered have no rollup rows and show no bar.
 */
public final class AgreementSection implements ReportSection {

    static final String SQL = """
            WITH totals AS (
                SELECT (hour AT TIME ZONE 'UTC')::date AS day, sum(checkouts) AS checkouts
                FROM ecommerce.rollup_hourly_source_device
                WHERE hour >= ? AND hour < ?
                GROUP BY 1
            ), corrected AS (
                SELECT (c.checkout_ts AT TIME ZONE 'UTC')::date AS day, count(DISTINCT k.checkout_id) AS corrected
                FROM ecommerce.attribution_corrections k
                JOIN ecommerce.attributed_checkouts c ON c.checkout_id = k.checkout_id
                WHERE c.checkout_ts >= ? AND c.checkout_ts < ?
                GROUP BY 1
            )
            SELECT t.day, t.checkouts, coalesce(k.corrected, 0)
            FROM totals t LEFT JOIN corrected k ON k.day = t.day
            ORDER BY t.day
            """;

    @Override
    public Chart chart(Connection c, ReportPeriod period) throws SQLException {
        Map<LocalDate, Object[]> byDay = new HashMap<>();
        for (Object[] r : Sql.rows(c, SQL, period.from(), period.to(), period.from(), period.to())) {
            byDay.put((LocalDate) r[0], r);
        }
        List<String> days = new ArrayList<>();
        List<BigDecimal> right = new ArrayList<>();
        List<BigDecimal> corrected = new ArrayList<>();
        List<BigDecimal> checkouts = new ArrayList<>();
        List<BigDecimal> share = new ArrayList<>();
        for (LocalDate day : period.days()) {
            days.add(day.toString());
            Object[] r = byDay.get(day);
            if (r == null) {
                right.add(null);
                corrected.add(null);
                checkouts.add(null);
                share.add(null);
                continue;
            }
            BigDecimal total = Sql.decimal(r[1]);
            BigDecimal wrong = Sql.decimal(r[2]);
            checkouts.add(total);
            corrected.add(wrong);
            right.add(total.subtract(wrong));
            share.add(total.signum() == 0 ? null
                    : total.subtract(wrong).multiply(BigDecimal.valueOf(100)).divide(total, 1, RoundingMode.HALF_UP));
        }
        return new Chart("agreement", "Stream vs reconciled: agreement per day",
                "Checkouts of each UTC day (checkout event time) whose answer the streaming job already had right "
                        + "(no correction in the ledger), and those the reconciler corrected or added. A day shows once "
                        + "a reconciliation has covered it.",
                Chart.Kind.STACKED_BARS, "day (UTC)", "checkouts", days,
                List.of(new Series("stream right", right, ValueFormat.COUNT), new Series("corrected", corrected, ValueFormat.COUNT)),
                List.of(new Series("checkouts", checkouts, ValueFormat.COUNT), new Series("stream right %", share, ValueFormat.PERCENT)),
                "ecommerce.rollup_hourly_source_device (checkouts per day), ecommerce.attribution_corrections (the ledger) "
                        + "joined to attributed_checkouts for the checkout's day");
    }
}
