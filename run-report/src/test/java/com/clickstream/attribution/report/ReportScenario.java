package com.clickstream.attribution.report;

import com.clickstream.attribution.core.rules.multitouch.ConversionPath;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two UTC days of pipeline output, written as the pipeline writes it: checkouts (some unattributed), a
 * completed reconciliation run over both days with ledger rows of several reasons, dead letters of two
 * components, the checkout-derived rollups by the database's own refresh functions, and the raw-derived
 * ones (model credit, touches, conversion paths) by hand, consistent with the checkouts: a checkout with {@code t} touches
 * credits its revenue to its sources under every model. One model name beyond the five the V4 constraint
 * allows ({@value #EXTRA_MODEL}) shows that the report takes whatever models the rollup holds.
 */
final class ReportScenario {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 20);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 21);
    static final String EXTRA_MODEL = "zz_sixth_model";
    static final List<String> MODELS = List.of("first_click", "last_click", "linear", "time_decay", "position_based",
            EXTRA_MODEL);
    private static final String[] SOURCES = {"google", "facebook", "email", "organic", "direct", "affiliate"};
    private static final String[] REASONS = {"late_click", "missed_by_stream", "late_checkout", "duplicate"};

    private ReportScenario() {
    }

    static void load(Connection c) throws SQLException {
        Random random = new Random(16);
        try (Statement st = c.createStatement()) {
            // a model the migrations do not know: whatever CHECK lists the models (V4's, or a later one) goes
            st.execute("""
                    DO $$
                    DECLARE r record;
                    BEGIN
                        FOR r IN SELECT conname FROM pg_constraint
                                 WHERE conrelid = 'ecommerce.rollup_daily_model_source'::regclass AND contype = 'c'
                                   AND pg_get_constraintdef(oid) LIKE '%model%' LOOP
                            EXECUTE format('ALTER TABLE ecommerce.rollup_daily_model_source DROP CONSTRAINT %I', r.conname);
                        END LOOP;
                    END
                    $$""");
        }
        List<String> checkoutIds = new ArrayList<>();
        try (PreparedStatement checkout = c.prepareStatement("""
                INSERT INTO ecommerce.attributed_checkouts (checkout_id, user_id, checkout_ts, revenue, currency, attributed,
                    attributed_click_id, click_ts, traffic_source, device_type, first_product_id, first_product_category,
                    written_by)
                VALUES (?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?, ?, 'reconciler')
                """);
             PreparedStatement credit = c.prepareStatement("""
                INSERT INTO ecommerce.rollup_daily_model_source (day, model, traffic_source, credited_revenue, credited_checkouts)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (day, model, traffic_source) DO UPDATE
                SET credited_revenue = rollup_daily_model_source.credited_revenue + EXCLUDED.credited_revenue,
                    credited_checkouts = rollup_daily_model_source.credited_checkouts + EXCLUDED.credited_checkouts
                """);
             PreparedStatement touches = c.prepareStatement("""
                INSERT INTO ecommerce.rollup_daily_touches (day, touches, checkouts, revenue) VALUES (?, ?, 1, ?)
                ON CONFLICT (day, touches) DO UPDATE
                SET checkouts = rollup_daily_touches.checkouts + 1, revenue = rollup_daily_touches.revenue + EXCLUDED.revenue
                """);
             PreparedStatement paths = c.prepareStatement("""
                INSERT INTO ecommerce.rollup_daily_conversion_paths (day, path, conversions, revenue) VALUES (?, ?, 1, ?)
                ON CONFLICT (day, path) DO UPDATE
                SET conversions = rollup_daily_conversion_paths.conversions + 1,
                    revenue = rollup_daily_conversion_paths.revenue + EXCLUDED.revenue
                """)) {
            int n = 0;
            for (LocalDate day : List.of(DAY1, DAY2)) {
                int count = day.equals(DAY1) ? 34 : 41;
                for (int i = 0; i < count; i++) {
                    String id = "o-" + day + "-" + i;
                    checkoutIds.add(id);
                    Instant ts = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600 + random.nextInt(20 * 3600));
                    BigDecimal revenue = BigDecimal.valueOf(500 + random.nextInt(40_000), 2);
                    int touchCount = random.nextInt(7) == 0 ? 0 : 1 + random.nextInt(5);
                    List<String> path = new ArrayList<>();
                    for (int t = 0; t < touchCount; t++) {
                        path.add(SOURCES[random.nextInt(SOURCES.length)]);
                    }
                    boolean attributed = touchCount > 0;
                    long secondsToPurchase = 20 + random.nextInt(3580);
                    checkout.setString(1, id);
                    checkout.setString(2, "u-" + (n++ % 23));
                    checkout.setObject(3, ts.atOffset(ZoneOffset.UTC));
                    checkout.setBigDecimal(4, revenue);
                    checkout.setBoolean(5, attributed);
                    checkout.setString(6, attributed ? "k-" + id : null);
                    checkout.setObject(7, attributed ? ts.minusSeconds(secondsToPurchase).atOffset(ZoneOffset.UTC) : null);
                    checkout.setString(8, attributed ? path.get(0) : "unattributed");
                    checkout.setString(9, attributed ? (i % 3 == 0 ? "mobile" : "desktop") : null);
                    checkout.setString(10, attributed ? "p-" + (i % 9) : null);
                    checkout.setString(11, attributed ? "books" : null);
                    checkout.addBatch();
                    for (String model : MODELS) {
                        for (Object[] share : credits(model, path, revenue)) {
                            credit.setObject(1, day);
                            credit.setString(2, model);
                            credit.setString(3, (String) share[0]);
                            credit.setBigDecimal(4, (BigDecimal) share[1]);
                            credit.setBigDecimal(5, (BigDecimal) share[2]);
                            credit.addBatch();
                        }
                    }
                    touches.setObject(1, day);
                    touches.setInt(2, touchCount);
                    touches.setBigDecimal(3, revenue);
                    touches.addBatch();
                    paths.setObject(1, day);
                    paths.setString(2, ConversionPath.of(path));
                    paths.setBigDecimal(3, revenue);
                    paths.addBatch();
                }
            }
            checkout.executeBatch();
            credit.executeBatch();
            touches.executeBatch();
            paths.executeBatch();
        }
        long runId;
        try (PreparedStatement run = c.prepareStatement("""
                INSERT INTO ecommerce.reconciliation_runs (range_from, range_to, window_seconds, finished_at, status,
                    events_read, checkouts, corrections)
                VALUES (?, ?, 3600, ?, 'completed', 5120, 75, 0) RETURNING run_id
                """)) {
            run.setObject(1, DAY1.atStartOfDay().atOffset(ZoneOffset.UTC));
            run.setObject(2, DAY2.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
            run.setObject(3, OffsetDateTime.of(2026, 11, 22, 2, 45, 0, 0, ZoneOffset.UTC));
            var rs = run.executeQuery();
            rs.next();
            runId = rs.getLong(1);
        }
        try (PreparedStatement ledger = c.prepareStatement("""
                INSERT INTO ecommerce.attribution_corrections (run_id, checkout_id, new_attributed, new_traffic_source,
                    new_revenue, reason)
                SELECT ?, checkout_id, attributed, traffic_source, revenue, ? FROM ecommerce.attributed_checkouts
                WHERE checkout_id = ?
                """)) {
            for (int i = 0; i < checkoutIds.size(); i += 4) {
                ledger.setLong(1, runId);
                ledger.setString(2, REASONS[i / 4 % REASONS.length]);
                ledger.setString(3, checkoutIds.get(i));
                ledger.addBatch();
            }
            ledger.executeBatch();
        }
        try (PreparedStatement dead = c.prepareStatement("""
                INSERT INTO ecommerce.dead_letters (received_at, source, event_type, reason_code, payload)
                VALUES (?, ?, 'click', ?, '{}')
                """)) {
            String[][] letters = {{"stream", "MISSING_FIELD"}, {"stream", "UNPARSEABLE"}, {"raw_landing", "UNPARSEABLE"},
                {"stream", "NEGATIVE_AMOUNT"}};
            for (int i = 0; i < 23; i++) {
                String[] l = letters[i % letters.length];
                dead.setObject(1, DAY2.atTime(12, i).atOffset(ZoneOffset.UTC));
                dead.setString(2, l[0]);
                dead.setString(3, l[1]);
                dead.addBatch();
            }
            dead.executeBatch();
        }
        try (PreparedStatement refresh = c.prepareStatement("SELECT ecommerce.refresh_checkout_rollups(?, ?), "
                + "ecommerce.refresh_time_to_purchase_rollup(?, ?)")) {
            refresh.setObject(1, DAY1);
            refresh.setObject(2, DAY2);
            refresh.setObject(3, DAY1);
            refresh.setObject(4, DAY2);
            refresh.execute();
        }
    }

    /** {source, revenue, share} per touch: all to the first or last touch, or split evenly (cents to the first). */
    private static List<Object[]> credits(String model, List<String> path, BigDecimal revenue) {
        if (path.isEmpty()) {
            return List.<Object[]>of(new Object[] {"unattributed", revenue, BigDecimal.ONE});
        }
        List<Object[]> out = new ArrayList<>();
        switch (model) {
            case "first_click" -> out.add(new Object[] {path.get(0), revenue, BigDecimal.ONE});
            case "last_click", EXTRA_MODEL -> out.add(new Object[] {path.get(path.size() - 1), revenue, BigDecimal.ONE});
            default -> {
                long cents = revenue.movePointRight(2).longValueExact();
                long each = cents / path.size();
                for (int t = 0; t < path.size(); t++) {
                    long mine = each + (t == 0 ? cents - each * path.size() : 0);
                    out.add(new Object[] {path.get(t), BigDecimal.valueOf(mine, 2),
                        BigDecimal.ONE.divide(BigDecimal.valueOf(path.size()), 4, java.math.RoundingMode.DOWN)});
                }
            }
        }
        return out;
    }
}
