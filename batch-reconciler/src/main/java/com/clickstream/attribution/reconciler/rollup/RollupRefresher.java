package com.clickstream.attribution.reconciler.rollup;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replaces the rollups of whole UTC days: the raw-derived ones (multi-touch credit, conversion paths,
 * clicks, product clicks, touches per checkout) from {@link RollupTotals}, and the checkout-derived ones
 * through {@code ecommerce.refresh_checkout_rollups(from_day, to_day)} and
 * {@code ecommerce.refresh_time_to_purchase_rollup(from_day, to_day)}, the places that know those.
 * Replacing whole days makes a refresh idempotent and lets a group that disappeared go away.
 * Call it inside one transaction, so readers never see a half-refreshed day.
 */
public final class RollupRefresher {

    private final JdbcTemplate jdbc;

    public RollupRefresher(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Refreshes the days {@code fromDay .. toDay} (inclusive); returns the rows written to the raw-derived rollups. */
    public long refresh(LocalDate fromDay, LocalDate toDay, RollupTotals totals) {
        long rows = replaceRawDerived(fromDay, toDay, totals);
        refreshCheckoutDerived(fromDay, toDay);
        return rows;
    }

    /** The checkout-derived rollups of the days, from the table ({@code ecommerce.refresh_checkout_rollups}). */
    public void refreshCheckoutDerived(LocalDate fromDay, LocalDate toDay) {
        jdbc.query("SELECT ecommerce.refresh_checkout_rollups(?, ?)", rs -> { }, Date.valueOf(fromDay), Date.valueOf(toDay));
        jdbc.query("SELECT ecommerce.refresh_time_to_purchase_rollup(?, ?)", rs -> { }, Date.valueOf(fromDay),
                Date.valueOf(toDay));
    }

    private long replaceRawDerived(LocalDate fromDay, LocalDate toDay, RollupTotals totals) {
        Date from = Date.valueOf(fromDay);
        Date to = Date.valueOf(toDay);
        long rows = 0;

        jdbc.update("DELETE FROM ecommerce.rollup_daily_model_source WHERE day BETWEEN ? AND ?", from, to);
        List<Object[]> credited = new ArrayList<>();
        for (Map.Entry<RollupTotals.ModelKey, RollupTotals.Credited> e : totals.credited().entrySet()) {
            credited.add(new Object[] {Date.valueOf(e.getKey().day()), e.getKey().model(), e.getKey().trafficSource(),
                    e.getValue().revenue(), e.getValue().checkouts()});
        }
        jdbc.batchUpdate("""
                INSERT INTO ecommerce.rollup_daily_model_source
                    (day, model, traffic_source, credited_revenue, credited_checkouts, refreshed_at)
                VALUES (?, ?, ?, ?, ?, now())
                """, credited);
        rows += credited.size();

        jdbc.update("DELETE FROM ecommerce.rollup_daily_conversion_paths WHERE day BETWEEN ? AND ?", from, to);
        List<Object[]> paths = new ArrayList<>();
        for (Map.Entry<RollupTotals.PathKey, RollupTotals.Converted> e : totals.paths().entrySet()) {
            paths.add(new Object[] {Date.valueOf(e.getKey().day()), e.getKey().path(), e.getValue().conversions(),
                    e.getValue().revenue()});
        }
        jdbc.batchUpdate("""
                INSERT INTO ecommerce.rollup_daily_conversion_paths (day, path, conversions, revenue, refreshed_at)
                VALUES (?, ?, ?, ?, now())
                """, paths);
        rows += paths.size();

        jdbc.update("DELETE FROM ecommerce.rollup_daily_clicks WHERE day BETWEEN ? AND ?", from, to);
        List<Object[]> clicks = new ArrayList<>();
        for (Map.Entry<RollupTotals.ClickKey, RollupTotals.Counts> e : totals.clicks().entrySet()) {
            clicks.add(new Object[] {Date.valueOf(e.getKey().day()), e.getKey().trafficSource(),
                    e.getKey().deviceType(), e.getValue().clicks(), e.getValue().sessions(), e.getValue().users()});
        }
        jdbc.batchUpdate("""
                INSERT INTO ecommerce.rollup_daily_clicks (day, traffic_source, device_type, clicks, sessions, users, refreshed_at)
                VALUES (?, ?, ?, ?, ?, ?, now())
                """, clicks);
        rows += clicks.size();

        jdbc.update("DELETE FROM ecommerce.rollup_daily_product_clicks WHERE day BETWEEN ? AND ?", from, to);
        List<Object[]> products = new ArrayList<>();
        for (Map.Entry<RollupTotals.ProductKey, RollupTotals.Counts> e : totals.productClicks().entrySet()) {
            String category = totals.categoryOf(e.getKey());
            products.add(new Object[] {Date.valueOf(e.getKey().day()), e.getKey().productId(),
                    category == null ? "unknown" : category, e.getValue().clicks(), e.getValue().sessions()});
        }
        jdbc.batchUpdate("""
                INSERT INTO ecommerce.rollup_daily_product_clicks (day, product_id, category, clicks, sessions, refreshed_at)
                VALUES (?, ?, ?, ?, ?, now())
                """, products);
        rows += products.size();

        jdbc.update("DELETE FROM ecommerce.rollup_daily_touches WHERE day BETWEEN ? AND ?", from, to);
        List<Object[]> touches = new ArrayList<>();
        for (Map.Entry<RollupTotals.TouchesKey, RollupTotals.Credited> e : totals.touches().entrySet()) {
            touches.add(new Object[] {Date.valueOf(e.getKey().day()), e.getKey().touches(),
                    e.getValue().checkouts().longValueExact(), e.getValue().revenue()});
        }
        jdbc.batchUpdate("""
                INSERT INTO ecommerce.rollup_daily_touches (day, touches, checkouts, revenue, refreshed_at)
                VALUES (?, ?, ?, ?, now())
                """, touches);
        rows += touches.size();
        return rows;
    }
}
