package com.clickstream.attribution.db;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.reducing;
import static java.util.stream.Collectors.summingLong;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

import com.clickstream.attribution.db.SampleData.Checkout;
import com.clickstream.attribution.db.SampleData.ClickRollup;
import com.clickstream.attribution.db.SampleData.Item;
import com.clickstream.attribution.db.SampleData.ModelCredit;
import com.clickstream.attribution.db.SampleData.ProductClickRollup;
import com.clickstream.attribution.db.SampleData.User;
import com.clickstream.attribution.db.SqlRows.Row;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs every query of {@code db/queries/sample_queries.sql} on {@link SampleData} (plus per-minute
 * stream metrics written relative to the database clock) and checks each answer against values
 * computed here from the seeded objects.
 */
class SampleQueriesIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    private static final List<String> QUERY_NAMES = List.of(
            "revenue_by_traffic_source", "time_to_purchase", "category_performance", "device_conversion",
            "hourly_revenue_trend", "customer_segment_performance", "top_converting_products",
            "click_to_conversion_funnel", "multi_touch_attribution", "stream_metrics_last_15_minutes",
            "top_conversion_paths");

    /** Per-minute metrics are seeded for the 20 minutes up to the anchor (k = 0..19 minutes before it). */
    private static final int SEEDED_MINUTES = 20;

    private static SampleData data;
    private static Map<String, String> queries;
    private static OffsetDateTime anchorMinute;

    @BeforeAll
    static void seed() throws Exception {
        LocalDate todayUtc = LocalDate.now(ZoneOffset.UTC);
        data = new SampleData(todayUtc.minusDays(3));
        data.insertInto(POSTGRES.dataSource());
        anchorMinute = SqlRows.query(POSTGRES.dataSource(), "SELECT date_trunc('minute', now(), 'UTC') AS m")
                .get(0).timestamp("m");
        seedStreamMetrics();
        queries = SqlRows.sampleQueries();
    }

    @Test
    void theFileHoldsTheElevenQueriesAndEachRuns() throws Exception {
        assertThat(queries.keySet()).containsExactlyElementsOf(QUERY_NAMES);
        for (Map.Entry<String, String> query : queries.entrySet()) {
            assertThat(run(query.getKey())).as(query.getKey()).isNotEmpty();
        }
    }

    @Test
    void revenueByTrafficSourceAddsUpToTotalRevenue() throws Exception {
        List<Row> rows = run("revenue_by_traffic_source");

        Map<String, BigDecimal> expected = sumBy(data.checkouts, Checkout::source, Checkout::revenue);
        assertThat(decimalsBy(rows, "traffic_source", "revenue")).isEqualTo(expected);
        assertThat(numbersBy(rows, "traffic_source", "checkouts"))
                .isEqualTo(countBy(data.checkouts, Checkout::source));
        assertThat(total(rows, "revenue")).isEqualByComparingTo(data.totalRevenue());
        assertThat(total(rows, "revenue_share_pct").doubleValue()).isCloseTo(100.0, within(0.05));
        assertThat(rows).extracting(r -> r.decimal("revenue")).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(decimalsBy(rows, "traffic_source", "revenue")).containsKey(SampleData.UNATTRIBUTED);
    }

    @Test
    void timeToPurchaseHasPercentilesAndHistogramPerSourceAndOverall() throws Exception {
        List<Row> rows = run("time_to_purchase");

        List<Checkout> attributed = data.checkouts.stream().filter(Checkout::attributed).toList();
        Map<String, List<Checkout>> bySource = attributed.stream().collect(groupingBy(Checkout::source));
        assertThat(rows).hasSize(bySource.size() + 1);
        assertThat(rows.get(rows.size() - 1).text("traffic_source")).isEqualTo("(all sources)");
        assertThat(rows).extracting(r -> r.text("traffic_source")).doesNotContain(SampleData.UNATTRIBUTED);

        for (Row row : rows) {
            String source = row.text("traffic_source");
            List<Checkout> group = source.equals("(all sources)") ? attributed : bySource.get(source);
            List<Long> seconds = group.stream().map(Checkout::secondsToPurchase).sorted().toList();
            assertThat(row.number("attributed_checkouts")).as(source).isEqualTo(seconds.size());
            assertThat(row.decimal("p50_minutes")).as(source).isEqualByComparingTo(minutes(percentileCont(seconds, 0.5)));
            assertThat(row.decimal("p90_minutes").doubleValue()).as(source)
                    .isCloseTo(minutes(percentileCont(seconds, 0.9)).doubleValue(), within(0.1));
            assertThat(row.number("under_1_min")).isEqualTo(count(seconds, s -> s < 60));
            assertThat(row.number("from_1_to_5_min")).isEqualTo(count(seconds, s -> s >= 60 && s < 300));
            assertThat(row.number("from_5_to_15_min")).isEqualTo(count(seconds, s -> s >= 300 && s < 900));
            assertThat(row.number("from_15_to_30_min")).isEqualTo(count(seconds, s -> s >= 900 && s < 1800));
            assertThat(row.number("over_30_min")).isEqualTo(count(seconds, s -> s >= 1800));
        }
    }

    @Test
    void categoryPerformanceSplitsTotalRevenueByCatalogCategory() throws Exception {
        List<Row> rows = run("category_performance");

        record Line(String checkoutId, String category, Item item) { }
        List<Line> lines = data.checkouts.stream()
                .flatMap(c -> c.items().stream().map(i -> new Line(c.id(), data.categoryOf(i.productId()), i)))
                .toList();
        assertThat(decimalsBy(rows, "category", "revenue"))
                .isEqualTo(sumBy(lines, Line::category, l -> l.item().amount()));
        assertThat(numbersBy(rows, "category", "units"))
                .isEqualTo(lines.stream().collect(groupingBy(Line::category, TreeMap::new, summingLong(l -> l.item().quantity()))));
        assertThat(numbersBy(rows, "category", "checkouts")).isEqualTo(lines.stream()
                .collect(groupingBy(Line::category, TreeMap::new, collectingDistinctCount(Line::checkoutId))));
        assertThat(decimalsBy(rows, "category", "revenue")).containsKey("unknown");
        assertThat(total(rows, "revenue")).isEqualByComparingTo(data.totalRevenue());
    }

    @Test
    void deviceConversionComparesAttributedCheckoutsWithClicksOfTheSameDays() throws Exception {
        List<Row> rows = run("device_conversion");

        // The click rollup covers the three seeded days; checkouts count by the day of their first click.
        Predicate<Checkout> clickedInCoveredDays = c -> c.firstClick()
                .map(k -> !SampleData.dayOf(k.ts()).isBefore(data.firstDay) && !SampleData.dayOf(k.ts()).isAfter(data.lastDay()))
                .orElse(false);
        List<Checkout> converted = data.checkouts.stream().filter(clickedInCoveredDays).toList();
        Function<Checkout, String> device = c -> c.firstClick().orElseThrow().device();

        assertThat(numbersBy(rows, "device_type", "clicks")).isEqualTo(data.clickRollups.stream()
                .collect(groupingBy(ClickRollup::device, TreeMap::new, summingLong(ClickRollup::clicks))));
        assertThat(numbersBy(rows, "device_type", "sessions")).isEqualTo(data.clickRollups.stream()
                .collect(groupingBy(ClickRollup::device, TreeMap::new, summingLong(ClickRollup::sessions))));
        assertThat(numbersBy(rows, "device_type", "attributed_checkouts")).isEqualTo(countBy(converted, device));
        assertThat(decimalsBy(rows, "device_type", "revenue")).isEqualTo(sumBy(converted, device, Checkout::revenue));
        for (Row row : rows) {
            BigDecimal expected = BigDecimal.valueOf(100 * row.number("attributed_checkouts"))
                    .divide(BigDecimal.valueOf(row.number("sessions")), 2, RoundingMode.HALF_UP);
            assertThat(row.decimal("session_conversion_pct")).isEqualByComparingTo(expected);
        }
        assertThat(rows).extracting(r -> r.decimal("session_conversion_pct")).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void hourlyRevenueTrendCoversSevenDaysAndAddsUpToTotalRevenue() throws Exception {
        List<Row> rows = run("hourly_revenue_trend");

        assertThat(rows).hasSize(168);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(Duration.between(rows.get(i - 1).timestamp("hour"), rows.get(i).timestamp("hour"))).isEqualTo(Duration.ofHours(1));
        }
        Map<Instant, BigDecimal> expected = sumBy(data.checkouts, c -> c.ts().truncatedTo(ChronoUnit.HOURS), Checkout::revenue);
        Map<Instant, BigDecimal> actual = new TreeMap<>();
        for (Row row : rows) {
            if (row.decimal("revenue").signum() != 0) {
                actual.put(row.timestamp("hour").toInstant(), row.decimal("revenue"));
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(total(rows, "revenue")).isEqualByComparingTo(data.totalRevenue());
        assertThat(rows.stream().mapToLong(r -> r.number("checkouts")).sum()).isEqualTo(data.checkouts.size());
    }

    @Test
    void customerSegmentPerformanceCoversEverySegmentAndUnknownBuyers() throws Exception {
        List<Row> rows = run("customer_segment_performance");

        Function<Checkout, String> segment = c -> data.user(c.userId()).map(User::segment).orElse("unknown");
        Set<String> segments = data.users.stream().map(User::segment).collect(toSet());
        segments.addAll(data.checkouts.stream().map(segment).toList());

        assertThat(rows).extracting(r -> r.text("segment")).containsExactlyInAnyOrderElementsOf(segments);
        Map<String, BigDecimal> expectedRevenue = sumBy(data.checkouts, segment, Checkout::revenue);
        for (Row row : rows) {
            String name = row.text("segment");
            List<Checkout> bought = data.checkouts.stream().filter(c -> segment.apply(c).equals(name)).toList();
            assertThat(row.number("segment_users")).as(name)
                    .isEqualTo(data.users.stream().filter(u -> u.segment().equals(name)).count());
            assertThat(row.number("buyers")).as(name).isEqualTo(bought.stream().map(Checkout::userId).distinct().count());
            assertThat(row.number("checkouts")).as(name).isEqualTo(bought.size());
            assertThat(row.decimal("revenue")).as(name)
                    .isEqualByComparingTo(expectedRevenue.getOrDefault(name, BigDecimal.ZERO));
        }
        assertThat(total(rows, "revenue")).isEqualByComparingTo(data.totalRevenue());
        assertThat(rows).extracting(r -> r.decimal("revenue")).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void topConvertingProductsAreOrderedByCheckoutsThenRevenue() throws Exception {
        List<Row> rows = run("top_converting_products");

        record Sold(String productId, long checkouts, BigDecimal revenue, long units) { }
        Map<String, List<Checkout>> checkoutsByProduct = new TreeMap<>();
        for (Checkout c : data.checkouts) {
            c.items().stream().map(Item::productId).distinct()
                    .forEach(p -> checkoutsByProduct.computeIfAbsent(p, k -> new java.util.ArrayList<>()).add(c));
        }
        List<Sold> expected = checkoutsByProduct.entrySet().stream()
                .map(e -> new Sold(e.getKey(), e.getValue().size(),
                        lineTotal(e.getKey(), i -> i.amount()), lineTotal(e.getKey(), i -> BigDecimal.valueOf(i.quantity())).longValue()))
                .sorted(Comparator.comparingLong(Sold::checkouts).reversed()
                        .thenComparing(Sold::revenue, Comparator.reverseOrder())
                        .thenComparing(Sold::productId))
                .limit(10)
                .toList();

        assertThat(rows).extracting(r -> r.text("product_id")).containsExactlyElementsOf(expected.stream().map(Sold::productId).toList());
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Sold sold = expected.get(i);
            String id = sold.productId();
            assertThat(row.number("checkouts")).as(id).isEqualTo(sold.checkouts());
            assertThat(row.decimal("revenue")).as(id).isEqualByComparingTo(sold.revenue());
            assertThat(row.number("units")).as(id).isEqualTo(sold.units());
            assertThat(row.number("first_click_checkouts")).as(id).isEqualTo(data.checkouts.stream()
                    .filter(c -> c.firstClick().map(k -> k.productId().equals(id)).orElse(false)).count());
            assertThat(row.number("sessions")).as(id).isEqualTo(data.productClickRollups.stream()
                    .filter(r -> r.productId().equals(id)).mapToLong(ProductClickRollup::sessions).sum());
            assertThat(row.text("category")).as(id).isEqualTo(data.categoryOf(id));
        }
    }

    @Test
    void funnelStagesNeverIncrease() throws Exception {
        List<Row> rows = run("click_to_conversion_funnel");

        assertThat(rows).extracting(r -> r.text("stage"))
                .containsExactly("clicks", "click_sessions", "checkouts", "attributed_checkouts");
        assertThat(rows).extracting(r -> r.number("total")).containsExactly(
                data.clickRollups.stream().mapToLong(ClickRollup::clicks).sum(),
                data.clickRollups.stream().mapToLong(ClickRollup::sessions).sum(),
                (long) data.checkouts.size(),
                data.checkouts.stream().filter(Checkout::attributed).count());
        assertThat(rows).extracting(r -> r.number("total")).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(rows.get(0).decimalOrNull("pct_of_previous")).isNull();
        assertThat(rows.get(0).decimal("pct_of_clicks")).isEqualByComparingTo("100");
    }

    @Test
    void multiTouchShowsEveryModelPerSourceAndEachModelCreditsTotalRevenue() throws Exception {
        List<Row> rows = run("multi_touch_attribution");

        Row total = rows.get(rows.size() - 1);
        assertThat(total.text("traffic_source")).isEqualTo("(total)");
        for (String model : SampleData.MODELS) {
            assertThat(total.decimal(model)).as(model).isEqualByComparingTo(data.totalRevenue());
            Map<String, BigDecimal> expected = data.modelCredits.stream().filter(m -> m.model().equals(model))
                    .collect(groupingBy(ModelCredit::source, TreeMap::new, reducing(BigDecimal.ZERO, ModelCredit::revenue, BigDecimal::add)));
            Map<String, BigDecimal> actual = new TreeMap<>();
            rows.subList(0, rows.size() - 1).stream()
                    .filter(r -> r.decimal(model).signum() != 0)
                    .forEach(r -> actual.put(r.text("traffic_source"), r.decimal(model)));
            expected.values().removeIf(v -> v.signum() == 0);
            assertThat(actual).as(model).isEqualTo(expected);
        }
        // The first-click model is the same answer as attributed_checkouts.
        List<Row> creditedFirstClick = rows.subList(0, rows.size() - 1).stream()
                .filter(r -> r.decimal("first_click").signum() != 0).toList();
        assertThat(decimalsBy(creditedFirstClick, "traffic_source", "first_click"))
                .isEqualTo(sumBy(data.checkouts, Checkout::source, Checkout::revenue));
        for (Row row : rows) {
            assertThat(row.decimal("last_minus_first"))
                    .isEqualByComparingTo(row.decimal("last_click").subtract(row.decimal("first_click")));
        }
    }

    @Test
    void lastNonDirectClickMovesCreditFromDirectToTheSourceBeforeIt() throws Exception {
        List<Row> rows = run("multi_touch_attribution");

        // c08 (google, direct) and c15 (google, direct): last-click credits direct, last non-direct google;
        // c13 (direct, direct) stays direct under both
        Map<String, BigDecimal> lastClick = decimalsBy(rows, "traffic_source", "last_click");
        Map<String, BigDecimal> lastNonDirect = decimalsBy(rows, "traffic_source", "last_non_direct_click");
        BigDecimal moved = data.checkouts.stream()
                .filter(c -> List.of("c08", "c15").contains(c.id())).map(Checkout::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(lastClick.get("direct").subtract(lastNonDirect.get("direct"))).isEqualByComparingTo(moved);
        assertThat(lastNonDirect.get("direct")).isEqualByComparingTo(data.checkouts.stream()
                .filter(c -> c.id().equals("c13")).findFirst().orElseThrow().revenue());
        assertThat(lastNonDirect.get("google").subtract(lastClick.get("google"))).isEqualByComparingTo(moved);
    }

    @Test
    void topConversionPathsAreTheFiveBiggestOfEachDay() throws Exception {
        List<Row> rows = run("top_conversion_paths");

        // expected from the checkouts: per day, the paths by conversions, revenue, path; the five first
        TreeMap<LocalDate, List<SampleData.ConversionPath>> byDay = data.conversionPaths.stream()
                .collect(groupingBy(SampleData.ConversionPath::day, TreeMap::new, java.util.stream.Collectors.toList()));
        List<String> expected = new java.util.ArrayList<>();
        byDay.descendingMap().forEach((day, paths) -> {
            long dayConversions = paths.stream().mapToLong(SampleData.ConversionPath::conversions).sum();
            BigDecimal dayRevenue = paths.stream().map(SampleData.ConversionPath::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
            List<SampleData.ConversionPath> top = paths.stream()
                    .sorted(Comparator.comparingLong(SampleData.ConversionPath::conversions).reversed()
                            .thenComparing(SampleData.ConversionPath::revenue, Comparator.reverseOrder())
                            .thenComparing(SampleData.ConversionPath::path))
                    .limit(5).toList();
            for (int i = 0; i < top.size(); i++) {
                SampleData.ConversionPath p = top.get(i);
                expected.add(day + " #" + (i + 1) + " " + p.path() + " " + p.conversions() + " " + p.revenue()
                        + " " + BigDecimal.valueOf(100 * p.conversions()).divide(BigDecimal.valueOf(dayConversions), 2, RoundingMode.HALF_UP)
                        + " " + p.revenue().multiply(BigDecimal.valueOf(100)).divide(dayRevenue, 2, RoundingMode.HALF_UP));
            }
        });
        assertThat(rows).extracting(r -> r.values().get("day") + " #" + r.number("rank") + " " + r.text("path") + " "
                + r.number("conversions") + " " + r.decimal("revenue") + " " + r.decimal("conversions_pct") + " "
                + r.decimal("revenue_pct")).containsExactlyElementsOf(expected);
        // the data set has a day with more than five paths, ties in conversions, and the collapsed repeats
        assertThat(byDay.values()).anySatisfy(paths -> assertThat(paths).hasSizeGreaterThan(5));
        assertThat(rows).extracting(r -> r.text("path")).contains("google > direct", "email", "unattributed")
                .doesNotContain("email > email");
    }

    @Test
    void streamMetricsReturnTheLastFifteenMinutesNewestFirst() throws Exception {
        List<Row> rows = run("stream_metrics_last_15_minutes");

        assertThat(rows).hasSize(15);
        OffsetDateTime newest = rows.get(0).timestamp("minute");
        // The database clock may have ticked into the next minute since seeding.
        assertThat(Duration.between(anchorMinute, newest)).isIn(Duration.ZERO, Duration.ofMinutes(1));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertThat(row.timestamp("minute").toInstant()).isEqualTo(newest.toInstant().minus(i, ChronoUnit.MINUTES));
            int k = (int) Duration.between(row.timestamp("minute"), anchorMinute).toMinutes();
            boolean seeded = k >= 0 && k < SEEDED_MINUTES;
            assertThat(row.number("events_in")).as("k=%d", k).isEqualTo(seeded ? clicksIn(k) + checkoutsIn(k) : 0);
            assertThat(row.number("rejected")).as("k=%d", k).isEqualTo(seeded ? k % 3 : 0);
            assertThat(row.number("late_dropped")).as("k=%d", k).isEqualTo(seeded ? k % 2 : 0);
            assertThat(row.number("attributed")).as("k=%d", k).isEqualTo(seeded ? 5 + k % 4 : 0);
            assertThat(row.decimal("revenue")).as("k=%d", k).isEqualByComparingTo(seeded ? revenueIn(k) : BigDecimal.ZERO);
            assertThat(row.number("batches")).as("k=%d", k).isEqualTo(seeded ? batchesIn(k) : 0);
        }
    }

    // ---- stream metrics seeded relative to the database clock -----------------------------------

    private static long clicksIn(int k) {
        return 600 + k;
    }

    private static long checkoutsIn(int k) {
        return 60 + k;
    }

    private static BigDecimal revenueIn(int k) {
        return new BigDecimal("100.25").add(BigDecimal.valueOf(k));
    }

    private static int batchesIn(int k) {
        return k % 3 + 1;
    }

    private static void seedStreamMetrics() throws Exception {
        long batchId = 0;
        for (int k = SEEDED_MINUTES - 1; k >= 0; k--) {
            OffsetDateTime minute = anchorMinute.minusMinutes(k);
            SqlRows.update(POSTGRES.dataSource(),
                    "INSERT INTO ecommerce.stream_metrics (minute, query_name, events_in, rejected, late_dropped) VALUES (?, 'clicks', ?, ?, ?)",
                    minute, clicksIn(k), k % 3, k % 2);
            SqlRows.update(POSTGRES.dataSource(),
                    "INSERT INTO ecommerce.stream_metrics (minute, query_name, events_in, attributed, unattributed, revenue) "
                            + "VALUES (?, 'checkouts', ?, ?, 2, ?)",
                    minute, checkoutsIn(k), 5 + k % 4, revenueIn(k));
            for (int b = 0; b < batchesIn(k); b++) {
                SqlRows.update(POSTGRES.dataSource(),
                        "INSERT INTO ecommerce.stream_progress (query_name, batch_id, committed_at) VALUES ('checkouts/test', ?, ?)",
                        batchId++, minute.plusSeconds(5 + 10L * b));
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static List<Row> run(String name) throws Exception {
        return SqlRows.query(POSTGRES.dataSource(), queries.get(name));
    }

    private static <T, K> Map<K, BigDecimal> sumBy(List<T> items, Function<T, K> key, Function<T, BigDecimal> value) {
        return items.stream().collect(groupingBy(key, TreeMap::new, reducing(BigDecimal.ZERO, value, BigDecimal::add)));
    }

    private static <T> Map<String, Long> countBy(List<T> items, Function<T, String> key) {
        return items.stream().collect(groupingBy(key, TreeMap::new, counting()));
    }

    private static <T> java.util.stream.Collector<T, ?, Long> collectingDistinctCount(Function<T, String> key) {
        return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.mapping(key, toSet()), s -> (long) s.size());
    }

    private static Map<String, BigDecimal> decimalsBy(List<Row> rows, String key, String value) {
        Map<String, BigDecimal> map = new TreeMap<>();
        rows.forEach(r -> map.put(r.text(key), r.decimal(value).setScale(2, RoundingMode.UNNECESSARY)));
        return map;
    }

    private static Map<String, Long> numbersBy(List<Row> rows, String key, String value) {
        Map<String, Long> map = new TreeMap<>();
        rows.forEach(r -> map.put(r.text(key), r.number(value)));
        return map;
    }

    private static BigDecimal total(List<Row> rows, String column) {
        return rows.stream().map(r -> r.decimal(column)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal lineTotal(String productId, Function<Item, BigDecimal> value) {
        return data.checkouts.stream().flatMap(c -> c.items().stream())
                .filter(i -> i.productId().equals(productId)).map(value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static long count(List<Long> values, Predicate<Long> predicate) {
        return values.stream().filter(predicate).count();
    }

    /** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
    private static double percentileCont(List<Long> sorted, double fraction) {
        double position = fraction * (sorted.size() - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return sorted.get(lower) + (position - lower) * (sorted.get(upper) - sorted.get(lower));
    }

    private static BigDecimal minutes(double seconds) {
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 10, RoundingMode.HALF_UP).setScale(1, RoundingMode.HALF_UP);
    }
}
