package com.clickstream.attribution.report;

import com.clickstream.attribution.report.chart.Html;
import com.clickstream.attribution.report.chart.ValueFormat;
import com.clickstream.attribution.report.section.Sql;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The figures at the top of the report and the table of reconciliation runs that covered the period. */
record Overview(BigDecimal checkouts, BigDecimal attributed, BigDecimal revenue, BigDecimal corrections,
        BigDecimal deadLetters, List<Object[]> runs) {

    static final String TOTALS_SQL = """
            SELECT coalesce(sum(checkouts), 0), coalesce(sum(attributed_checkouts), 0), coalesce(sum(revenue), 0)
            FROM ecommerce.rollup_hourly_source_device
            WHERE hour >= ? AND hour < ?
            """;
    static final String CORRECTIONS_SQL = """
            SELECT count(*) FROM ecommerce.attribution_corrections k
            JOIN ecommerce.attributed_checkouts c ON c.checkout_id = k.checkout_id
            WHERE c.checkout_ts >= ? AND c.checkout_ts < ?
            """;
    static final String DEAD_LETTERS_SQL = """
            SELECT count(*) FROM ecommerce.dead_letters WHERE received_at >= ? AND received_at < ?
            """;
    static final int MAX_RUNS = 20;
    static final String RUNS_SQL = """
            SELECT run_id, range_from, range_to, status, started_at, finished_at, events_read, checkouts,
                   corrections, skipped_objects
            FROM ecommerce.reconciliation_runs
            WHERE range_from < ? AND range_to > ?
            ORDER BY run_id DESC
            LIMIT ?
            """;

    static Overview read(Connection c, ReportPeriod p) throws SQLException {
        Object[] totals = Sql.rows(c, TOTALS_SQL, p.from(), p.to()).get(0);
        Object corrections = Sql.rows(c, CORRECTIONS_SQL, p.from(), p.to()).get(0)[0];
        Object deadLetters = Sql.rows(c, DEAD_LETTERS_SQL, p.from(), p.to()).get(0)[0];
        return new Overview(Sql.decimal(totals[0]), Sql.decimal(totals[1]), Sql.decimal(totals[2]),
                Sql.decimal(corrections), Sql.decimal(deadLetters), Sql.rows(c, RUNS_SQL, p.to(), p.from(), MAX_RUNS));
    }

    String summaryHtml() {
        BigDecimal share = checkouts.signum() == 0 ? null
                : attributed.multiply(BigDecimal.valueOf(100)).divide(checkouts, 1, RoundingMode.HALF_UP);
        return "<section class=\"summary\" id=\"summary\" aria-label=\"summary\">\n"
                + figure("checkouts", checkouts, ValueFormat.COUNT, "")
                + figure("revenue", revenue, ValueFormat.MONEY, "")
                + figure("attributed", share, ValueFormat.PERCENT, " %")
                + figure("corrections", corrections, ValueFormat.COUNT, "")
                + figure("dead letters", deadLetters, ValueFormat.COUNT, "")
                + "</section>\n";
    }

    private static String figure(String name, BigDecimal value, ValueFormat format, String unit) {
        return "<div class=\"figure\" data-figure=\"" + Html.escape(name) + "\" data-value=\"" + ValueFormat.plain(value)
                + "\"><span class=\"value\">" + Html.escape(format.format(value)) + unit + "</span><span class=\"name\">"
                + Html.escape(name) + "</span></div>\n";
    }

    String runsHtml() {
        StringBuilder t = new StringBuilder("<section class=\"card\" id=\"runs\">\n<h2>Reconciliation runs</h2>\n");
        t.append("<p class=\"desc\">The latest runs (at most ").append(MAX_RUNS).append(") whose checkout range overlaps the "
                + "period, newest first: what each read, recomputed and corrected.</p>\n");
        if (runs.isEmpty()) {
            t.append("<p class=\"empty\">No reconciliation run covered this period yet.</p>\n");
        } else {
            t.append("<div class=\"scroll\">\n<table class=\"numbers runs\">\n<thead><tr><th scope=\"col\">run</th>"
                    + "<th scope=\"col\">checkouts from (UTC)</th><th scope=\"col\">to</th><th scope=\"col\">status</th>"
                    + "<th scope=\"col\">finished (UTC)</th><th scope=\"col\">events read</th><th scope=\"col\">checkouts</th>"
                    + "<th scope=\"col\">corrections</th><th scope=\"col\">raw objects skipped</th></tr></thead>\n<tbody>\n");
            for (Object[] r : runs) {
                t.append("<tr><th scope=\"row\">").append(r[0]).append("</th><td>").append(time(r[1])).append("</td><td>")
                        .append(time(r[2])).append("</td><td class=\"status-").append(Html.escape((String) r[3])).append("\">")
                        .append(Html.escape((String) r[3])).append("</td><td>").append(time(r[5])).append("</td>");
                for (int i = 6; i <= 9; i++) {
                    BigDecimal v = Sql.decimal(r[i]);
                    t.append("<td data-value=\"").append(ValueFormat.plain(v)).append("\">")
                            .append(ValueFormat.COUNT.format(v)).append("</td>");
                }
                t.append("</tr>\n");
            }
            t.append("</tbody>\n</table>\n</div>\n");
        }
        t.append("<p class=\"source\">Source: ecommerce.reconciliation_runs</p>\n</section>\n");
        return t.toString();
    }

    private static String time(Object value) {
        if (value == null) {
            return "–";
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
        }
        return Html.escape(value.toString());
    }
}
