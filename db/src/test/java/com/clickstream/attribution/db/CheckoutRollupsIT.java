package com.clickstream.attribution.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.clickstream.attribution.db.SampleData.Checkout;
import com.clickstream.attribution.db.SampleData.Item;
import com.clickstream.attribution.db.SampleData.User;
import com.clickstream.attribution.db.SqlRows.Row;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ecommerce.refresh_checkout_rollups(from, to)}: replaces whole days, idempotent, follows corrections. */
class CheckoutRollupsIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    private static final String HOURLY =
            "SELECT hour, traffic_source, device_type, checkouts, attributed_checkouts, revenue "
                    + "FROM ecommerce.rollup_hourly_source_device ORDER BY 1, 2, 3";
    private static final String CATEGORY =
            "SELECT day, category, checkouts, units, revenue FROM ecommerce.rollup_daily_category ORDER BY 1, 2";
    private static final String PRODUCT =
            "SELECT day, product_id, product_name, category, checkouts, units, revenue, first_click_conversions "
                    + "FROM ecommerce.rollup_daily_product ORDER BY 1, 2";
    private static final String SEGMENT =
            "SELECT day, segment, buyers, checkouts, attributed_checkouts, revenue FROM ecommerce.rollup_daily_segment ORDER BY 1, 2";

    private SampleData data;

    @BeforeEach
    void seed() throws SQLException {
        POSTGRES.truncateAll(DatabaseMigrator.SCHEMA);
        data = new SampleData(LocalDate.now(ZoneOffset.UTC).minusDays(3));
        data.insertInto(POSTGRES.dataSource());
    }

    @Test
    void refreshComputesEachRollupFromTheCheckouts() throws SQLException {
        refresh(data.firstDay, data.lastDay());

        Map<String, long[]> hourly = new TreeMap<>();
        Map<String, BigDecimal> hourlyRevenue = new TreeMap<>();
        for (Checkout c : data.checkouts) {
            String key = c.ts().truncatedTo(ChronoUnit.HOURS) + "|" + c.source() + "|"
                    + c.firstClick().map(SampleData.Click::device).orElse("unknown");
            long[] counts = hourly.computeIfAbsent(key, k -> new long[2]);
            counts[0]++;
            counts[1] += c.attributed() ? 1 : 0;
            hourlyRevenue.merge(key, c.revenue(), BigDecimal::add);
        }
        List<Row> hourlyRows = rows(HOURLY);
        assertThat(hourlyRows).hasSize(hourly.size());
        for (Row r : hourlyRows) {
            String key = r.timestamp("hour").toInstant() + "|" + r.text("traffic_source") + "|" + r.text("device_type");
            assertThat(hourly).containsKey(key);
            assertThat(r.number("checkouts")).as(key).isEqualTo(hourly.get(key)[0]);
            assertThat(r.number("attributed_checkouts")).as(key).isEqualTo(hourly.get(key)[1]);
            assertThat(r.decimal("revenue")).as(key).isEqualByComparingTo(hourlyRevenue.get(key));
        }

        Map<String, BigDecimal> categoryRevenue = new TreeMap<>();
        Map<String, Long> categoryUnits = new TreeMap<>();
        Map<String, Long> productCheckouts = new TreeMap<>();
        for (Checkout c : data.checkouts) {
            for (Item i : c.items()) {
                String key = c.day() + "|" + data.categoryOf(i.productId());
                categoryRevenue.merge(key, i.amount(), BigDecimal::add);
                categoryUnits.merge(key, (long) i.quantity(), Long::sum);
            }
            c.items().stream().map(Item::productId).distinct().forEach(p -> productCheckouts.merge(c.day() + "|" + p, 1L, Long::sum));
        }
        Map<String, BigDecimal> actualCategoryRevenue = new TreeMap<>();
        Map<String, Long> actualCategoryUnits = new TreeMap<>();
        for (Row r : rows(CATEGORY)) {
            String key = r.values().get("day") + "|" + r.text("category");
            actualCategoryRevenue.put(key, r.decimal("revenue"));
            actualCategoryUnits.put(key, r.number("units"));
        }
        assertThat(actualCategoryRevenue).isEqualTo(categoryRevenue);
        assertThat(actualCategoryUnits).isEqualTo(categoryUnits);

        Map<String, Long> actualProductCheckouts = new TreeMap<>();
        long firstClickConversions = 0;
        for (Row r : rows(PRODUCT)) {
            if (r.number("checkouts") > 0) {
                actualProductCheckouts.put(r.values().get("day") + "|" + r.text("product_id"), r.number("checkouts"));
            }
            firstClickConversions += r.number("first_click_conversions");
        }
        assertThat(actualProductCheckouts).isEqualTo(productCheckouts);
        assertThat(firstClickConversions).isEqualTo(data.checkouts.stream().filter(Checkout::attributed).count());

        Map<String, BigDecimal> segmentRevenue = new TreeMap<>();
        for (Checkout c : data.checkouts) {
            segmentRevenue.merge(c.day() + "|" + data.user(c.userId()).map(User::segment).orElse("unknown"), c.revenue(), BigDecimal::add);
        }
        Map<String, BigDecimal> actualSegmentRevenue = new TreeMap<>();
        rows(SEGMENT).forEach(r -> actualSegmentRevenue.put(r.values().get("day") + "|" + r.text("segment"), r.decimal("revenue")));
        assertThat(actualSegmentRevenue).isEqualTo(segmentRevenue);
    }

    @Test
    void refreshingTwiceGivesTheSameRollups() throws SQLException {
        refresh(data.firstDay, data.lastDay());
        List<List<Object>> first = snapshot();

        refresh(data.firstDay, data.lastDay());

        assertThat(snapshot()).isEqualTo(first);
    }

    @Test
    void aCorrectedCheckoutMovesBetweenGroupsAndOtherDaysStayAsTheyWere() throws SQLException {
        refresh(data.firstDay, data.lastDay());
        List<Row> lastDayBefore = hourlyOf(data.lastDay());
        // c04 (first day, 18:30) turns out to have a late click from email on a tablet.
        SqlRows.update(POSTGRES.dataSource(),
                "UPDATE ecommerce.attributed_checkouts SET attributed = true, attributed_click_id = 'late-1', "
                        + "click_ts = checkout_ts - interval '10 minutes', traffic_source = 'email', device_type = 'tablet', "
                        + "first_product_id = 'p5', first_product_category = 'home', written_by = 'reconciler', "
                        + "version = version + 1, updated_at = now() WHERE checkout_id = 'c04'");

        refresh(data.firstDay, data.firstDay);

        List<Row> firstDay = hourlyOf(data.firstDay);
        assertThat(firstDay).noneMatch(r -> r.text("traffic_source").equals("unattributed"));
        assertThat(firstDay).anySatisfy(r -> {
            assertThat(r.text("traffic_source")).isEqualTo("email");
            assertThat(r.text("device_type")).isEqualTo("tablet");
            assertThat(r.decimal("revenue")).isEqualByComparingTo("19.98");
        });
        assertThat(hourlyOf(data.lastDay())).isEqualTo(lastDayBefore);
    }

    @Test
    void anInvertedDayRangeIsRefused() {
        assertThatThrownBy(() -> refresh(data.lastDay(), data.firstDay))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("invalid day range");
    }

    private static void refresh(LocalDate from, LocalDate to) throws SQLException {
        SqlRows.query(POSTGRES.dataSource(), "SELECT ecommerce.refresh_checkout_rollups(?, ?)", from, to);
    }

    private static List<Row> rows(String sql) throws SQLException {
        return SqlRows.query(POSTGRES.dataSource(), sql);
    }

    private static List<Row> hourlyOf(LocalDate day) throws SQLException {
        return SqlRows.query(POSTGRES.dataSource(),
                "SELECT hour, traffic_source, device_type, checkouts, revenue FROM ecommerce.rollup_hourly_source_device "
                        + "WHERE (hour AT TIME ZONE 'UTC')::date = ? ORDER BY 1, 2, 3", day);
    }

    private static List<List<Object>> snapshot() throws SQLException {
        List<List<Object>> all = new ArrayList<>();
        for (String sql : List.of(HOURLY, CATEGORY, PRODUCT, SEGMENT)) {
            for (Row r : rows(sql)) {
                all.add(new ArrayList<>(r.values().values()));
            }
        }
        return all;
    }
}
