package com.clickstream.attribution.report;

import static com.clickstream.attribution.report.ReportScenario.DAY1;
import static com.clickstream.attribution.report.ReportScenario.DAY2;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.report.ReportHtml.Mark;
import com.clickstream.attribution.report.ReportHtml.Table;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The numbers in the report equal the SQL they come from. Each expectation is computed here with its own query,
 * from the base tables where the chart reads a checkout-derived rollup (attributed_checkouts, the ledger), so a
 * wrong rollup function, a wrong chart query or a wrong rendering each fails a test.
 */
@ExtendWith(ReportDatabase.class)
class RunReportIT {

    private static String html;
    private static Map<String, Table> tables;

    @BeforeAll
    static void writeReport() throws Exception {
        try (Connection c = ReportDatabase.dataSource().getConnection()) {
            html = RunReport.standard().html(c, ReportPeriod.latest(c, ReportPeriod.DEFAULT_DAYS), "RunReportIT",
                    Instant.parse("2026-11-22T03:00:00Z"));
        }
        tables = ReportHtml.tables(html);
    }

    @Test
    void thePeriodEndsOnTheLastReconciledDayAndStartsOnTheFirstDayWithCheckouts() throws Exception {
        try (Connection c = ReportDatabase.dataSource().getConnection()) {
            assertThat(ReportPeriod.latest(c, 14)).isEqualTo(new ReportPeriod(DAY1, DAY2));
            assertThat(ReportPeriod.latest(c, 1)).isEqualTo(new ReportPeriod(DAY2, DAY2));
        }
        assertThat(tables).containsOnlyKeys("models", "daily-revenue", "time-to-purchase", "touches", "paths", "agreement",
                "corrections", "dead-letters");
    }

    @Test
    void modelComparisonHasEveryModelOfTheRollupAndItsCredits() throws Exception {
        Table models = tables.get("models");
        // the enum's five in its order, then a name attribution-core does not know: nothing hard-coded
        assertThat(models.columns()).containsExactlyElementsOf(ReportScenario.MODELS);
        assertThat(models.rows()).isEqualTo(expected("""
                SELECT traffic_source, model, sum(credited_revenue) FROM ecommerce.rollup_daily_model_source
                WHERE day BETWEEN ? AND ? GROUP BY 1, 2
                """, models.columns(), DAY1, DAY2));
        BigDecimal revenue = single("SELECT sum(revenue) FROM ecommerce.attributed_checkouts");
        for (String model : models.columns()) {
            assertThat(columnTotal(models, model)).as(model).isEqualByComparingTo(revenue);
        }
        assertThat(List.copyOf(models.rows().keySet())).last().isEqualTo("unattributed");
    }

    @Test
    void dailyRevenueBySourceEqualsTheCheckoutsTable() throws Exception {
        Table daily = tables.get("daily-revenue");
        assertThat(daily.rows()).isEqualTo(expected("""
                SELECT (checkout_ts AT TIME ZONE 'UTC')::date::text, traffic_source, sum(revenue)
                FROM ecommerce.attributed_checkouts GROUP BY 1, 2
                """, daily.columns()));
        assertThat(daily.rows()).containsOnlyKeys(DAY1.toString(), DAY2.toString());
    }

    @Test
    void timeToPurchaseBinsCountTheAttributedCheckoutsOfTheirMinutes() throws Exception {
        Table bins = tables.get("time-to-purchase");
        assertThat(bins.columns()).containsExactly("checkouts", "revenue");
        long attributed = 0;
        for (Map.Entry<String, Map<String, BigDecimal>> bin : bins.rows().entrySet()) {
            String[] bounds = bin.getKey().split("–");
            long lo = Long.parseLong(bounds[0]) * 60;
            long hi = Long.parseLong(bounds[1]) * 60;
            try (Connection c = ReportDatabase.dataSource().getConnection();
                 PreparedStatement s = c.prepareStatement("""
                         SELECT count(*), coalesce(sum(revenue), 0) FROM ecommerce.attributed_checkouts
                         WHERE attributed AND time_to_purchase_seconds >= ? AND time_to_purchase_seconds < ?
                         """)) {
                s.setLong(1, lo);
                s.setLong(2, hi);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertThat(bin.getValue().get("checkouts")).as(bin.getKey()).isEqualByComparingTo(BigDecimal.valueOf(rs.getLong(1)));
                    assertThat(bin.getValue().get("revenue")).as(bin.getKey()).isEqualByComparingTo(rs.getBigDecimal(2));
                    attributed += rs.getLong(1);
                }
            }
        }
        assertThat(attributed).isEqualTo(single("SELECT count(*) FROM ecommerce.attributed_checkouts WHERE attributed").longValue());
        assertThat(bins.rows()).hasSizeBetween(2, 15);
    }

    @Test
    void touchesPerConversionEqualTheRollupWithEveryCountFromZero() throws Exception {
        Table touches = tables.get("touches");
        Map<String, Map<String, BigDecimal>> expected = new LinkedHashMap<>(expected("""
                SELECT touches::text, 'checkouts', sum(checkouts) FROM ecommerce.rollup_daily_touches GROUP BY 1
                UNION ALL
                SELECT touches::text, 'revenue', sum(revenue) FROM ecommerce.rollup_daily_touches GROUP BY 1
                """, touches.columns()));
        assertThat(touches.rows().keySet()).containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(touches.rows()).isEqualTo(expected);
        assertThat(touches.get("0", "checkouts")).isEqualByComparingTo(
                single("SELECT count(*) FROM ecommerce.attributed_checkouts WHERE NOT attributed"));
    }

    @Test
    void topConversionPathsAreTheRollupsMostFrequentPathsWithTheirRevenue() throws Exception {
        Table paths = tables.get("paths");
        Map<String, Map<String, BigDecimal>> expected = new LinkedHashMap<>(expected("""
                SELECT path, 'conversions', sum(conversions) FROM ecommerce.rollup_daily_conversion_paths GROUP BY 1
                UNION ALL
                SELECT path, 'revenue', sum(revenue) FROM ecommerce.rollup_daily_conversion_paths GROUP BY 1
                """, paths.columns()));
        long distinct = single("SELECT count(DISTINCT path) FROM ecommerce.rollup_daily_conversion_paths").longValue();
        assertThat(distinct).isGreaterThan(15); // so the cut at the top 15 is tested
        assertThat(paths.rows()).hasSize(15);
        // every shown path with its own numbers, and no path left out has more conversions than one shown
        assertThat(expected).containsAllEntriesOf(paths.rows());
        BigDecimal least = paths.rows().values().stream().map(r -> r.get("conversions")).min(BigDecimal::compareTo)
                .orElseThrow();
        expected.forEach((path, row) -> {
            if (!paths.rows().containsKey(path)) {
                assertThat(row.get("conversions")).as(path).isLessThanOrEqualTo(least);
            }
        });
        // the unattributed checkouts are one path of their own
        assertThat(expected.get("unattributed").get("conversions")).isEqualByComparingTo(
                single("SELECT count(*) FROM ecommerce.attributed_checkouts WHERE NOT attributed"));
    }

    @Test
    void agreementCountsTheCheckoutsWithoutALedgerRow() throws Exception {
        Table agreement = tables.get("agreement");
        assertThat(agreement.columns()).containsExactly("stream right", "corrected", "checkouts", "stream right %");
        for (LocalDate day : List.of(DAY1, DAY2)) {
            Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            BigDecimal total = single("SELECT count(*) FROM ecommerce.attributed_checkouts WHERE checkout_ts >= ? "
                    + "AND checkout_ts < ?", from.atOffset(ZoneOffset.UTC), from.plusSeconds(86_400).atOffset(ZoneOffset.UTC));
            BigDecimal right = single("""
                    SELECT count(*) FROM ecommerce.attributed_checkouts c WHERE checkout_ts >= ? AND checkout_ts < ?
                    AND NOT EXISTS (SELECT 1 FROM ecommerce.attribution_corrections k WHERE k.checkout_id = c.checkout_id)
                    """, from.atOffset(ZoneOffset.UTC), from.plusSeconds(86_400).atOffset(ZoneOffset.UTC));
            assertThat(agreement.get(day.toString(), "checkouts")).isEqualByComparingTo(total);
            assertThat(agreement.get(day.toString(), "stream right")).isEqualByComparingTo(right);
            assertThat(agreement.get(day.toString(), "corrected")).isEqualByComparingTo(total.subtract(right));
            assertThat(agreement.get(day.toString(), "stream right %")).isEqualByComparingTo(
                    right.multiply(BigDecimal.valueOf(100)).divide(total, 1, java.math.RoundingMode.HALF_UP));
        }
    }

    @Test
    void correctionsByReasonPerDayEqualTheLedger() throws Exception {
        Table corrections = tables.get("corrections");
        assertThat(corrections.columns()).containsExactlyInAnyOrder("late_click", "missed_by_stream", "late_checkout", "duplicate");
        assertThat(corrections.rows()).isEqualTo(expected("""
                SELECT (c.checkout_ts AT TIME ZONE 'UTC')::date::text, k.reason, count(*)
                FROM ecommerce.attribution_corrections k JOIN ecommerce.attributed_checkouts c USING (checkout_id)
                GROUP BY 1, 2
                """, corrections.columns()));
    }

    @Test
    void deadLettersByReasonEqualTheTable() throws Exception {
        Table dead = tables.get("dead-letters");
        assertThat(dead.columns()).containsExactly("stream", "raw_landing");
        assertThat(dead.rows()).isEqualTo(expected("SELECT reason_code, source, count(*) FROM ecommerce.dead_letters GROUP BY 1, 2",
                dead.columns()));
    }

    @Test
    void everyBarIsItsTableCellAndEveryPlottedCellHasABar() {
        Map<String, List<Mark>> marks = ReportHtml.marks(html);
        for (Map.Entry<String, Table> chart : tables.entrySet()) {
            Table table = chart.getValue();
            List<Mark> bars = marks.get(chart.getKey());
            assertThat(bars).as(chart.getKey()).isNotEmpty();
            for (Mark bar : bars) {
                assertThat(table.get(bar.category(), bar.series())).as(chart.getKey() + " " + bar)
                        .isEqualByComparingTo(bar.value());
            }
            long plotted = table.rows().values().stream().flatMap(r -> r.entrySet().stream())
                    .filter(e -> e.getValue() != null && bars.stream().anyMatch(b -> b.series().equals(e.getKey())))
                    .count();
            assertThat(bars).as(chart.getKey()).hasSize((int) plotted);
        }
    }

    @Test
    void summaryFiguresEqualTheTables() throws Exception {
        Map<String, BigDecimal> figures = ReportHtml.figures(html);
        assertThat(figures.get("checkouts")).isEqualByComparingTo(single("SELECT count(*) FROM ecommerce.attributed_checkouts"));
        assertThat(figures.get("revenue")).isEqualByComparingTo(single("SELECT sum(revenue) FROM ecommerce.attributed_checkouts"));
        assertThat(figures.get("corrections")).isEqualByComparingTo(single("SELECT count(*) FROM ecommerce.attribution_corrections"));
        assertThat(figures.get("dead letters")).isEqualByComparingTo(single("SELECT count(*) FROM ecommerce.dead_letters"));
        assertThat(html).contains("<td class=\"status-completed\">completed</td>");
    }

    @Test
    void aPeriodWithoutDataSaysSoInEveryChartAndDrawsNoBar() throws Exception {
        String empty;
        try (Connection c = ReportDatabase.dataSource().getConnection()) {
            empty = RunReport.standard().html(c, new ReportPeriod(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 2)),
                    "RunReportIT", Instant.now());
        }
        assertThat(ReportHtml.marks(empty).values()).allSatisfy(m -> assertThat(m).isEmpty());
        assertThat(empty.split("class=\"empty\"", -1)).hasSize(tables.size() + 1 + 1); // every chart and the runs table
    }

    private static BigDecimal columnTotal(Table table, String column) {
        return table.rows().values().stream().map(r -> r.get(column)).filter(v -> v != null)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal single(String sql, Object... binds) throws Exception {
        try (Connection c = ReportDatabase.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                s.setObject(i + 1, binds[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    /** {@code (row, column, value)} rows as the table's shape: every row with a cell (null when absent) per column. */
    private static Map<String, Map<String, BigDecimal>> expected(String sql, List<String> columns, Object... binds) throws Exception {
        Map<String, Map<String, BigDecimal>> rows = new LinkedHashMap<>();
        try (Connection c = ReportDatabase.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                s.setObject(i + 1, binds[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getBigDecimal(3));
                }
            }
        }
        Map<String, Map<String, BigDecimal>> shaped = new LinkedHashMap<>();
        rows.forEach((row, cells) -> {
            Map<String, BigDecimal> full = new LinkedHashMap<>();
            columns.forEach(col -> full.put(col, cells.get(col)));
            shaped.put(row, full);
        });
        return shaped;
    }
}
