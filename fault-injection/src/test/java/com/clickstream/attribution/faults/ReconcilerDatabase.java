package com.clickstream.attribution.faults;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.LineItem;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * What the reconciler fault tests put into and read from PostgreSQL: the stream's rows to start from,
 * the answers table, the ledger, the run rows, Spring Batch's step rows (to tell which step is running),
 * and the rollups checked against aggregates recomputed here from attributed_checkouts and checkout_items.
 * Plain JDBC with bind parameters.
 */
final class ReconcilerDatabase {

    /** One ledger row (the columns the tests check). */
    record LedgerRow(long runId, String checkoutId, Boolean oldAttributed, boolean newAttributed, String newClickId,
            String newSource, BigDecimal newRevenue, String reason) {
    }

    /** One Spring Batch step execution. */
    record Step(long jobExecutionId, String name, String status) {
    }

    private final DataSource dataSource;

    ReconcilerDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes the stream's rows (written_by 'stream', version 1) with their checkouts' line items. */
    void seed(List<Attribution> rows, Function<String, Checkout> checkouts) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement row = c.prepareStatement("""
                        INSERT INTO ecommerce.attributed_checkouts (checkout_id, user_id, checkout_ts, revenue, currency,
                            attributed, attributed_click_id, click_ts, traffic_source, campaign_id, device_type,
                            first_product_id, first_product_category, written_by, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'stream', 1)""");
                PreparedStatement item = c.prepareStatement("""
                        INSERT INTO ecommerce.checkout_items (checkout_id, line_no, product_id, product_name, unit_price, quantity)
                        VALUES (?, ?, ?, ?, ?, ?)""")) {
            c.setAutoCommit(false);
            for (Attribution a : rows) {
                Optional<AttributedClick> click = a.click();
                row.setString(1, a.checkoutId());
                row.setString(2, a.userId());
                row.setObject(3, OffsetDateTime.ofInstant(a.checkoutTs(), ZoneOffset.UTC));
                row.setBigDecimal(4, a.revenue());
                row.setString(5, a.currency());
                row.setBoolean(6, a.attributed());
                row.setString(7, click.map(AttributedClick::clickId).orElse(null));
                row.setObject(8, click.map(k -> OffsetDateTime.ofInstant(k.clickTs(), ZoneOffset.UTC)).orElse(null));
                row.setString(9, a.trafficSource());
                row.setString(10, click.map(AttributedClick::campaignId).orElse(null));
                row.setString(11, click.map(AttributedClick::deviceType).orElse(null));
                row.setString(12, click.map(AttributedClick::productId).orElse(null));
                row.setString(13, click.map(AttributedClick::productCategory).orElse(null));
                row.addBatch();
                List<LineItem> items = checkouts.apply(a.checkoutId()).getItems();
                for (int i = 0; i < items.size(); i++) {
                    item.setString(1, a.checkoutId());
                    item.setInt(2, i + 1);
                    item.setString(3, items.get(i).getProductId());
                    item.setString(4, items.get(i).getProductName());
                    item.setBigDecimal(5, items.get(i).getUnitPrice());
                    item.setInt(6, items.get(i).getQuantity());
                    item.addBatch();
                }
            }
            row.executeBatch();
            item.executeBatch();
            c.commit();
        }
    }

    /** attributed_checkouts as answers, by checkout id. */
    Map<String, Attribution> table() throws SQLException {
        Map<String, Attribution> out = new TreeMap<>();
        query("""
                SELECT checkout_id, user_id, checkout_ts, revenue, currency, attributed, attributed_click_id, click_ts,
                       traffic_source, campaign_id, device_type, first_product_id, first_product_category
                FROM ecommerce.attributed_checkouts""", rs -> {
            Optional<AttributedClick> click = rs.getBoolean(6)
                    ? Optional.of(new AttributedClick(rs.getString(7), instant(rs, 8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getString(13)))
                    : Optional.empty();
            out.put(rs.getString(1), new Attribution(rs.getString(1), rs.getString(2), instant(rs, 3), rs.getBigDecimal(4),
                    rs.getString(5), click));
        });
        return out;
    }

    List<LedgerRow> ledger() throws SQLException {
        List<LedgerRow> out = new ArrayList<>();
        query("""
                SELECT run_id, checkout_id, old_attributed, new_attributed, new_click_id, new_traffic_source, new_revenue, reason
                FROM ecommerce.attribution_corrections ORDER BY id""", rs -> out.add(new LedgerRow(rs.getLong(1),
                rs.getString(2), (Boolean) rs.getObject(3), rs.getBoolean(4), rs.getString(5), rs.getString(6),
                rs.getBigDecimal(7), rs.getString(8))));
        return out;
    }

    /** Every run row: run_id, status, job_execution_id, events_read, checkouts, corrections, skipped_objects. */
    List<Map<String, Object>> runs() throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        query("""
                SELECT run_id, status, job_execution_id, events_read, checkouts, corrections, skipped_objects, skips::text
                FROM ecommerce.reconciliation_runs ORDER BY run_id""", rs -> {
            Map<String, Object> run = new TreeMap<>();
            run.put("run_id", rs.getLong(1));
            run.put("status", rs.getString(2));
            run.put("job_execution_id", rs.getLong(3));
            run.put("events_read", rs.getLong(4));
            run.put("checkouts", rs.getLong(5));
            run.put("corrections", rs.getLong(6));
            run.put("skipped_objects", rs.getLong(7));
            run.put("skips", rs.getString(8));
            out.add(run);
        });
        return out;
    }

    /** Spring Batch's step executions, oldest first (empty before the reconciler created its schema). */
    List<Step> steps() throws SQLException {
        List<Step> out = new ArrayList<>();
        try {
            query("SELECT job_execution_id, step_name, status FROM batch.batch_step_execution ORDER BY step_execution_id",
                    rs -> out.add(new Step(rs.getLong(1), rs.getString(2), rs.getString(3))));
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) { // undefined table: the schema is not there yet
                throw e;
            }
        }
        return out;
    }

    /** Job executions by status, e.g. {COMPLETED=1, FAILED=3}. */
    Map<String, Long> jobExecutions() throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try {
            query("SELECT status, count(*) FROM batch.batch_job_execution GROUP BY status",
                    rs -> out.put(rs.getString(1), rs.getLong(2)));
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) { // undefined table: the schema is not there yet
                throw e;
            }
        }
        return out;
    }

    /**
     * Waits until no other client session is busy: a killed or failed reconciler's sessions end only
     * when PostgreSQL notices, and a restart must not queue behind their locks.
     */
    void awaitNoBusySessions() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long[] busy = {0};
        while (true) {
            query("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                    + "AND pid <> pg_backend_pid() AND state <> 'idle'", rs -> busy[0] = rs.getLong(1));
            if (busy[0] == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("a stopped reconciler's database sessions were still busy after 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** Committed chunks of the partitioned apply stage so far (its progress). */
    long partitionCommits() throws SQLException {
        long[] n = {0};
        try {
            query("SELECT coalesce(sum(commit_count), 0) FROM batch.batch_step_execution "
                    + "WHERE step_name LIKE 'applyBucketStep:%'", rs -> n[0] = rs.getLong(1));
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw e;
            }
        }
        return n[0];
    }

    /**
     * Checks every rollup of {@code days} against what the tables say now: the checkout-derived ones
     * against aggregates recomputed here from attributed_checkouts, checkout_items, products and users;
     * the model rollup against each day's revenue and checkouts (every model adds up, first-click per
     * source equals the table's revenue per source); the click rollup against the distinct raw clicks.
     * Returns the number of rollup rows compared; throws {@link AssertionError} naming the first difference.
     */
    int checkRollups(List<LocalDate> days, Map<LocalDate, Long> distinctClicksByDay) throws SQLException {
        Set<LocalDate> daySet = new HashSet<>(days);
        Map<String, String[]> products = new HashMap<>();
        query("SELECT product_id, name, category FROM ecommerce.products",
                rs -> products.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)}));
        Map<String, String> segments = new HashMap<>();
        query("SELECT user_id, segment FROM ecommerce.users", rs -> segments.put(rs.getString(1), rs.getString(2)));
        record Row(String id, String user, Instant ts, BigDecimal revenue, boolean attributed, String source, String device,
                String product, String category) {
            LocalDate day() {
                return LocalDate.ofInstant(ts, ZoneOffset.UTC);
            }
        }
        Map<String, Row> rows = new HashMap<>();
        query("""
                SELECT checkout_id, user_id, checkout_ts, revenue, attributed, traffic_source, device_type,
                       first_product_id, first_product_category FROM ecommerce.attributed_checkouts""", rs -> {
            Row r = new Row(rs.getString(1), rs.getString(2), instant(rs, 3), rs.getBigDecimal(4), rs.getBoolean(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
            if (daySet.contains(r.day())) {
                rows.put(r.id(), r);
            }
        });

        Map<String, String> expected = new TreeMap<>();
        Map<String, long[]> counts = new HashMap<>();
        Map<String, BigDecimal> sums = new HashMap<>();
        Map<String, Set<String>> distinct = new HashMap<>();
        Map<String, String> productNames = new HashMap<>();
        for (Row r : rows.values()) {
            String hour = "hourly|" + r.ts().truncatedTo(ChronoUnit.HOURS) + "|" + r.source() + "|"
                    + (r.device() == null ? "unknown" : r.device());
            add(counts, sums, hour, r.attributed(), r.revenue());
            String segment = "segment|" + r.day() + "|" + segments.getOrDefault(r.user(), "unknown");
            add(counts, sums, segment, r.attributed(), r.revenue());
            distinct.computeIfAbsent(segment, k -> new HashSet<>()).add(r.user());
            if (r.attributed()) {
                String landed = "product|" + r.day() + "|" + r.product();
                counts.computeIfAbsent(landed + "|firstclick", k -> new long[1])[0]++;
                productNames.merge(landed + "|landedcategory", r.category(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        query("SELECT checkout_id, product_id, product_name, quantity, line_amount FROM ecommerce.checkout_items", rs -> {
            Row r = rows.get(rs.getString(1));
            if (r == null) {
                return;
            }
            String product = rs.getString(2);
            String[] known = products.get(product);
            String category = "category|" + r.day() + "|" + (known == null ? "unknown" : known[1]);
            String sold = "product|" + r.day() + "|" + product;
            for (String key : List.of(category, sold)) {
                distinct.computeIfAbsent(key, k -> new HashSet<>()).add(r.id());
                counts.computeIfAbsent(key + "|units", k -> new long[1])[0] += rs.getInt(4);
                sums.merge(key, rs.getBigDecimal(5), BigDecimal::add);
            }
            productNames.merge(sold + "|name", rs.getString(3), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        });
        counts.forEach((key, c) -> {
            if (key.startsWith("hourly|") || key.startsWith("segment|")) {
                String buyers = key.startsWith("segment|") ? distinct.get(key).size() + "|" : "";
                expected.put(key, buyers + c[0] + "|" + c[1] + "|" + money(sums.get(key)));
            }
        });
        distinct.forEach((key, ids) -> {
            if (key.startsWith("category|")) {
                expected.put(key, ids.size() + "|" + counts.get(key + "|units")[0] + "|" + money(sums.get(key)));
            }
        });
        Set<String> productKeys = new HashSet<>();
        distinct.keySet().stream().filter(k -> k.startsWith("product|")).forEach(productKeys::add);
        counts.keySet().stream().filter(k -> k.endsWith("|firstclick"))
                .forEach(k -> productKeys.add(k.substring(0, k.length() - "|firstclick".length())));
        for (String key : productKeys) {
            String product = key.split("\\|")[2];
            String[] known = products.get(product);
            String name = known != null ? known[0] : productNames.getOrDefault(key + "|name", "unknown");
            String category = known != null ? known[1] : productNames.getOrDefault(key + "|landedcategory", "unknown");
            Set<String> sold = distinct.getOrDefault(key, Set.of());
            long units = counts.containsKey(key + "|units") ? counts.get(key + "|units")[0] : 0;
            long firstClicks = counts.containsKey(key + "|firstclick") ? counts.get(key + "|firstclick")[0] : 0;
            expected.put(key, name + "|" + category + "|" + sold.size() + "|" + units + "|"
                    + money(sums.getOrDefault(key, BigDecimal.ZERO)) + "|" + firstClicks);
        }

        Map<String, String> actual = new TreeMap<>();
        Timestamp from = Timestamp.from(days.get(0).atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp to = Timestamp.from(days.get(days.size() - 1).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        LocalDate firstDay = days.get(0);
        LocalDate lastDay = days.get(days.size() - 1);
        query("SELECT hour, traffic_source, device_type, checkouts, attributed_checkouts, revenue "
                + "FROM ecommerce.rollup_hourly_source_device WHERE hour >= ? AND hour < ?", rs -> actual.put(
                "hourly|" + instant(rs, 1) + "|" + rs.getString(2) + "|" + rs.getString(3),
                rs.getLong(4) + "|" + rs.getLong(5) + "|" + money(rs.getBigDecimal(6))), from, to);
        query("SELECT day, segment, buyers, checkouts, attributed_checkouts, revenue FROM ecommerce.rollup_daily_segment "
                + "WHERE day BETWEEN ? AND ?", rs -> actual.put("segment|" + rs.getObject(1, LocalDate.class) + "|"
                + rs.getString(2), rs.getLong(3) + "|" + rs.getLong(4) + "|" + rs.getLong(5) + "|"
                + money(rs.getBigDecimal(6))), firstDay, lastDay);
        query("SELECT day, category, checkouts, units, revenue FROM ecommerce.rollup_daily_category WHERE day BETWEEN ? AND ?",
                rs -> actual.put("category|" + rs.getObject(1, LocalDate.class) + "|" + rs.getString(2),
                        rs.getLong(3) + "|" + rs.getLong(4) + "|" + money(rs.getBigDecimal(5))), firstDay, lastDay);
        query("SELECT day, product_id, product_name, category, checkouts, units, revenue, first_click_conversions "
                + "FROM ecommerce.rollup_daily_product WHERE day BETWEEN ? AND ?", rs -> actual.put("product|"
                + rs.getObject(1, LocalDate.class) + "|" + rs.getString(2), rs.getString(3) + "|" + rs.getString(4) + "|"
                + rs.getLong(5) + "|" + rs.getLong(6) + "|" + money(rs.getBigDecimal(7)) + "|" + rs.getLong(8)),
                firstDay, lastDay);
        compare("checkout-derived rollups", expected, actual);
        int compared = actual.size();

        // model rollup: per day and model, credit adds up to the table's revenue and checkouts;
        // first_click per source is the table's revenue and checkouts per source
        Map<String, String> modelExpected = new TreeMap<>();
        Map<String, String> modelActual = new TreeMap<>();
        Map<String, BigDecimal[]> bySource = new TreeMap<>();
        Map<LocalDate, BigDecimal[]> byDay = new TreeMap<>();
        for (Row r : rows.values()) {
            addCredit(bySource, r.day() + "|" + r.source(), r.revenue());
            byDay.merge(r.day(), new BigDecimal[] {r.revenue(), BigDecimal.ONE},
                    (a, b) -> new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1])});
        }
        for (AttributionModel m : AttributionModel.values()) {
            String model = m.dbName();
            byDay.forEach((day, t) -> modelExpected.put(day + "|" + model, money(t[0]) + "|" + t[1].stripTrailingZeros().toPlainString()));
        }
        bySource.forEach((key, t) -> modelExpected.put(key + "|first_click source", money(t[0]) + "|"
                + t[1].stripTrailingZeros().toPlainString()));
        query("SELECT day, model, sum(credited_revenue), sum(credited_checkouts) FROM ecommerce.rollup_daily_model_source "
                + "WHERE day BETWEEN ? AND ? GROUP BY day, model", rs -> modelActual.put(rs.getObject(1, LocalDate.class)
                + "|" + rs.getString(2), money(rs.getBigDecimal(3)) + "|" + rs.getBigDecimal(4).stripTrailingZeros()
                .toPlainString()), firstDay, lastDay);
        query("SELECT day, traffic_source, credited_revenue, credited_checkouts FROM ecommerce.rollup_daily_model_source "
                + "WHERE model = 'first_click' AND day BETWEEN ? AND ?", rs -> modelActual.put(rs.getObject(1, LocalDate.class)
                + "|" + rs.getString(2) + "|first_click source", money(rs.getBigDecimal(3)) + "|"
                + rs.getBigDecimal(4).stripTrailingZeros().toPlainString()), firstDay, lastDay);
        // conversion paths: per day, every checkout on one path
        byDay.forEach((day, t) -> modelExpected.put(day + "|paths", money(t[0]) + "|" + t[1].stripTrailingZeros().toPlainString()));
        query("SELECT day, sum(revenue), sum(conversions) FROM ecommerce.rollup_daily_conversion_paths "
                + "WHERE day BETWEEN ? AND ? GROUP BY day", rs -> modelActual.put(rs.getObject(1, LocalDate.class) + "|paths",
                money(rs.getBigDecimal(2)) + "|" + rs.getBigDecimal(3).stripTrailingZeros().toPlainString()), firstDay, lastDay);
        compare("model rollup", modelExpected, modelActual);
        compared += modelActual.size();

        Map<String, String> clicksExpected = new TreeMap<>();
        distinctClicksByDay.forEach((day, n) -> {
            if (daySet.contains(day)) {
                clicksExpected.put(day.toString(), n + "|" + n);
            }
        });
        Map<String, String> clicksActual = new TreeMap<>();
        query("SELECT c.day, c.clicks, p.clicks FROM (SELECT day, sum(clicks) AS clicks FROM ecommerce.rollup_daily_clicks "
                + "WHERE day BETWEEN ? AND ? GROUP BY day) c FULL JOIN (SELECT day, sum(clicks) AS clicks FROM "
                + "ecommerce.rollup_daily_product_clicks WHERE day BETWEEN ? AND ? GROUP BY day) p USING (day)",
                rs -> clicksActual.put(rs.getObject(1, LocalDate.class).toString(), rs.getLong(2) + "|" + rs.getLong(3)),
                firstDay, lastDay, firstDay, lastDay);
        compare("click rollups (distinct raw clicks per day)", clicksExpected, clicksActual);
        return compared + clicksActual.size();
    }

    private static void add(Map<String, long[]> counts, Map<String, BigDecimal> sums, String key, boolean attributed,
            BigDecimal revenue) {
        long[] c = counts.computeIfAbsent(key, k -> new long[2]);
        c[0]++;
        if (attributed) {
            c[1]++;
        }
        sums.merge(key, revenue, BigDecimal::add);
    }

    private static void addCredit(Map<String, BigDecimal[]> totals, String key, BigDecimal revenue) {
        totals.merge(key, new BigDecimal[] {revenue, BigDecimal.ONE},
                (a, b) -> new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1])});
    }

    private static void compare(String what, Map<String, String> expected, Map<String, String> actual) {
        if (expected.isEmpty()) {
            throw new AssertionError(what + ": nothing to compare");
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (!e.getValue().equals(actual.get(e.getKey()))) {
                throw new AssertionError(what + " differ at " + e.getKey() + ": expected " + e.getValue() + ", rollup has "
                        + actual.get(e.getKey()));
            }
        }
        for (String key : actual.keySet()) {
            if (!expected.containsKey(key)) {
                throw new AssertionError(what + ": unexpected rollup row " + key + " = " + actual.get(key));
            }
        }
    }

    private static String money(BigDecimal value) {
        return value.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowHandler handler, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        }
    }
}
