package com.clickstream.attribution.db;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * A small, hand-written data set: 6 users, 5 catalog products, 16 checkouts on three consecutive UTC
 * days (13 attributed to a first click from google, facebook, email, instagram, organic, direct or
 * affiliate, 3 unattributed, one bought by a user who is not in {@code users}, one with a product not in
 * the catalog, one whose first click was on the previous day, one with only direct clicks), the click
 * rollups of those days, and the multi-touch and conversion-path rollups derived from each checkout's
 * candidate clicks.
 *
 * <p>Tests compute their expected answers from these objects, never from the database.
 */
final class SampleData {

    static final String UNATTRIBUTED = "unattributed";
    static final List<String> MODELS = List.of("first_click", "last_click", "linear", "time_decay", "position_based",
            "last_non_direct_click");

    record User(String id, String segment, LocalDate signupDate, BigDecimal lifetimeValue) { }

    record Product(String id, String name, String category, BigDecimal price) { }

    record Item(String productId, String productName, BigDecimal unitPrice, int quantity) {
        BigDecimal amount() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    record Click(String id, Instant ts, String source, String campaign, String device, String productId, String category) { }

    /** A checkout with its candidate clicks in (ts, id) order; the first candidate is the attributed click. */
    record Checkout(String id, String userId, Instant ts, List<Item> items, List<Click> candidates, String writtenBy) {
        BigDecimal revenue() {
            return items.stream().map(Item::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        boolean attributed() {
            return !candidates.isEmpty();
        }

        Optional<Click> firstClick() {
            return candidates.stream().findFirst();
        }

        String source() {
            return firstClick().map(Click::source).orElse(UNATTRIBUTED);
        }

        LocalDate day() {
            return dayOf(ts);
        }

        long secondsToPurchase() {
            return Duration.between(firstClick().orElseThrow().ts(), ts).getSeconds();
        }
    }

    record ClickRollup(LocalDate day, String source, String device, long clicks, long sessions, long users) { }

    record ProductClickRollup(LocalDate day, String productId, String category, long clicks, long sessions) { }

    record ModelCredit(LocalDate day, String model, String source, BigDecimal revenue, BigDecimal checkouts) { }

    record ConversionPath(LocalDate day, String path, long conversions, BigDecimal revenue) { }

    final LocalDate firstDay;
    final List<User> users = new ArrayList<>();
    final Map<String, Product> products = new LinkedHashMap<>();
    final List<Checkout> checkouts = new ArrayList<>();
    final List<ClickRollup> clickRollups = new ArrayList<>();
    final List<ProductClickRollup> productClickRollups = new ArrayList<>();
    final List<ModelCredit> modelCredits;
    final List<ConversionPath> conversionPaths;

    /** The data set on {@code firstDay} and the two days after it (UTC). */
    SampleData(LocalDate firstDay) {
        this.firstDay = firstDay;

        users.add(new User("u1", "new", firstDay.minusDays(20), money("1280.00")));
        users.add(new User("u2", "returning", firstDay.minusDays(400), money("187.00")));
        users.add(new User("u3", "vip", firstDay.minusDays(900), money("2425.00")));
        users.add(new User("u4", "vip", firstDay.minusDays(700), money("115.00")));
        users.add(new User("u5", "returning", firstDay.minusDays(300), money("98.00")));
        users.add(new User("u7", "at_risk", firstDay.minusDays(800), money("0.00")));
        // u6 buys but is not in users: reported as segment 'unknown'.

        product("p1", "Running shoes", "footwear", "80.00");
        product("p2", "Wool socks", "apparel", "5.00");
        product("p3", "Laptop", "electronics", "1200.00");
        product("p4", "Mouse", "electronics", "25.00");
        product("p5", "Mug", "home", "12.00");
        // p9 (gift card) is sold but not in the catalog: category 'unknown'.

        checkout("c01", "u1", 0, "09:10", items(item("p1", 1)),
                click("k01", 0, "09:05", "google", null, "desktop", "p1"));
        checkout("c02", "u2", 0, "09:40", items(item("p2", 3), item("p5", 1)),
                click("k02", 0, "09:20", "facebook", "fb-autumn", "mobile", "p2"),
                click("k03", 0, "09:35", "google", null, "mobile", "p5"));
        checkout("c03", "u3", 0, "14:05", items(item("p3", 1)),
                click("k04", 0, "13:15", "google", "brand", "desktop", "p3"),
                click("k05", 0, "13:40", "facebook", null, "desktop", "p3"),
                click("k06", 0, "14:00", "email", "newsletter-42", "desktop", "p4"));
        checkout("c04", "u6", 0, "18:30", items(new Item("p9", "Gift card", money("9.99"), 2)));
        checkout("c05", "u1", 1, "08:00", items(item("p4", 2)),
                new Click("k07", at(1, "07:59").plusSeconds(30), "email", "newsletter-43", "mobile", "p4", "electronics"));
        checkout("c06", "u4", 1, "08:20", items(item("p1", 1), item("p2", 2)),
                click("k08", 1, "08:08", "instagram", "reels", "tablet", "p1"),
                click("k09", 1, "08:15", "instagram", "reels", "tablet", "p2"));
        checkout("c07", "u5", 1, "12:45", items(item("p5", 4)));
        checkout("c08", "u3", 1, "21:15", items(item("p3", 1), item("p4", 1)),
                click("k10", 1, "21:12", "google", null, "mobile", "p3"),
                click("k11", 1, "21:14", "direct", null, "mobile", "p4"));
        // more checkouts on day 1, so that it has more than five paths, with ties
        checkout("c13", "u7", 1, "10:00", items(item("p5", 1)),
                click("k19", 1, "09:50", "direct", null, "mobile", "p5"),
                click("k20", 1, "09:55", "direct", null, "mobile", "p5"));
        checkout("c14", "u2", 1, "15:30", items(item("p2", 2)),
                click("k21", 1, "15:00", "email", "newsletter-43", "mobile", "p2"),
                click("k22", 1, "15:10", "email", "newsletter-43", "mobile", "p2"));
        checkout("c15", "u4", 1, "19:00", items(item("p4", 1)),
                click("k23", 1, "18:20", "google", null, "tablet", "p4"),
                click("k24", 1, "18:50", "direct", null, "tablet", "p4"));
        checkout("c16", "u5", 1, "20:00", items(item("p1", 1)),
                click("k25", 1, "19:30", "affiliate", "partner-7", "desktop", "p1"));
        checkout("c09", "u2", 2, "00:05", items(item("p1", 2)),
                click("k12", 1, "23:25", "organic", null, "desktop", "p1"),
                click("k13", 1, "23:50", "facebook", null, "desktop", "p1"));
        checkout("c10", "u4", 2, "10:10", items(item("p4", 1)));
        checkout("c11", "u5", 2, "10:50", items(item("p2", 10)),
                click("k14", 2, "10:49", "facebook", "fb-autumn", "mobile", "p2"));
        checkout("c12", "u1", 2, "16:00", items(new Item("p3", "Laptop", money("1150.00"), 1)),
                click("k15", 2, "15:01", "google", "bf-2026", "desktop", "p3"),
                click("k16", 2, "15:30", "affiliate", "partner-7", "desktop", "p3"),
                click("k17", 2, "15:45", "email", "newsletter-44", "desktop", "p3"),
                click("k18", 2, "15:55", "google", "bf-2026", "desktop", "p3"));

        clicks(0, "google", "desktop", 40, 12, 8);
        clicks(0, "google", "mobile", 6, 3, 3);
        clicks(0, "facebook", "mobile", 25, 10, 7);
        clicks(0, "facebook", "desktop", 7, 3, 2);
        clicks(0, "email", "desktop", 5, 3, 3);
        clicks(0, "organic", "desktop", 10, 5, 4);
        clicks(1, "google", "mobile", 30, 9, 6);
        clicks(1, "email", "mobile", 8, 4, 3);
        clicks(1, "instagram", "tablet", 12, 5, 5);
        clicks(1, "direct", "mobile", 4, 2, 2);
        clicks(1, "organic", "desktop", 6, 3, 2);
        clicks(1, "facebook", "desktop", 3, 2, 2);
        clicks(2, "google", "desktop", 20, 6, 5);
        clicks(2, "facebook", "mobile", 15, 6, 4);
        clicks(2, "email", "desktop", 4, 2, 2);
        clicks(2, "affiliate", "desktop", 3, 1, 1);
        clicks(2, "direct", "tablet", 5, 2, 2);

        productClicks(0, "p1", 30, 10);
        productClicks(0, "p2", 20, 8);
        productClicks(0, "p3", 25, 9);
        productClicks(0, "p4", 6, 3);
        productClicks(0, "p5", 7, 4);
        productClicks(1, "p1", 15, 6);
        productClicks(1, "p2", 10, 5);
        productClicks(1, "p3", 22, 7);
        productClicks(1, "p4", 9, 4);
        productClicks(2, "p1", 8, 3);
        productClicks(2, "p2", 14, 6);
        productClicks(2, "p3", 18, 5);
        productClicks(2, "p4", 4, 2);
        productClicks(2, "p5", 3, 2);

        modelCredits = ModelCredits.rollup(checkouts);
        conversionPaths = conversionPaths(checkouts);
    }

    /** Per day and path: the sources of the candidates in order, consecutive repeats once, ' > ' between. */
    private static List<ConversionPath> conversionPaths(List<Checkout> checkouts) {
        Map<List<Object>, ConversionPath> byKey = new LinkedHashMap<>();
        for (Checkout c : checkouts) {
            List<String> steps = new ArrayList<>();
            for (Click k : c.candidates()) {
                if (steps.isEmpty() || !steps.get(steps.size() - 1).equals(k.source())) {
                    steps.add(k.source());
                }
            }
            String path = steps.isEmpty() ? UNATTRIBUTED : String.join(" > ", steps);
            byKey.merge(List.of(c.day(), path), new ConversionPath(c.day(), path, 1, c.revenue()),
                    (a, b) -> new ConversionPath(a.day(), a.path(), a.conversions() + 1, a.revenue().add(b.revenue())));
        }
        return List.copyOf(byKey.values());
    }

    static LocalDate dayOf(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    static BigDecimal money(String value) {
        return new BigDecimal(value).setScale(2, RoundingMode.UNNECESSARY);
    }

    BigDecimal totalRevenue() {
        return checkouts.stream().map(Checkout::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    Optional<User> user(String id) {
        return users.stream().filter(u -> u.id().equals(id)).findFirst();
    }

    String categoryOf(String productId) {
        Product product = products.get(productId);
        return product == null ? "unknown" : product.category();
    }

    LocalDate lastDay() {
        return firstDay.plusDays(2);
    }

    // ---- writing it through plain JDBC ------------------------------------------------------------

    void insertInto(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            insertUsers(connection);
            insertProducts(connection);
            insertCheckouts(connection);
            insertClickRollups(connection);
            insertModelCredits(connection);
            insertConversionPaths(connection);
            connection.commit();
        }
    }

    private void insertUsers(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ecommerce.users (user_id, segment, signup_date, lifetime_value) VALUES (?, ?, ?, ?)")) {
            for (User user : users) {
                insert.setString(1, user.id());
                insert.setString(2, user.segment());
                insert.setObject(3, user.signupDate());
                insert.setBigDecimal(4, user.lifetimeValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void insertProducts(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ecommerce.products (product_id, name, category, price) VALUES (?, ?, ?, ?)")) {
            for (Product product : products.values()) {
                insert.setString(1, product.id());
                insert.setString(2, product.name());
                insert.setString(3, product.category());
                insert.setBigDecimal(4, product.price());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void insertCheckouts(Connection connection) throws SQLException {
        try (PreparedStatement checkout = connection.prepareStatement(
                "INSERT INTO ecommerce.attributed_checkouts (checkout_id, user_id, checkout_ts, revenue, currency, "
                        + "attributed, attributed_click_id, click_ts, traffic_source, campaign_id, device_type, "
                        + "first_product_id, first_product_category, written_by) "
                        + "VALUES (?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement item = connection.prepareStatement(
                "INSERT INTO ecommerce.checkout_items (checkout_id, line_no, product_id, product_name, unit_price, quantity) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Checkout c : checkouts) {
                Click first = c.firstClick().orElse(null);
                checkout.setString(1, c.id());
                checkout.setString(2, c.userId());
                checkout.setObject(3, utc(c.ts()));
                checkout.setBigDecimal(4, c.revenue());
                checkout.setBoolean(5, c.attributed());
                checkout.setString(6, first == null ? null : first.id());
                checkout.setObject(7, first == null ? null : utc(first.ts()));
                checkout.setString(8, c.source());
                checkout.setString(9, first == null ? null : first.campaign());
                checkout.setString(10, first == null ? null : first.device());
                checkout.setString(11, first == null ? null : first.productId());
                checkout.setString(12, first == null ? null : first.category());
                checkout.setString(13, c.writtenBy());
                checkout.addBatch();
                for (int line = 0; line < c.items().size(); line++) {
                    Item i = c.items().get(line);
                    item.setString(1, c.id());
                    item.setInt(2, line + 1);
                    item.setString(3, i.productId());
                    item.setString(4, i.productName());
                    item.setBigDecimal(5, i.unitPrice());
                    item.setInt(6, i.quantity());
                    item.addBatch();
                }
            }
            checkout.executeBatch();
            item.executeBatch();
        }
    }

    private void insertClickRollups(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ecommerce.rollup_daily_clicks (day, traffic_source, device_type, clicks, sessions, users) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")) {
            for (ClickRollup r : clickRollups) {
                insert.setObject(1, r.day());
                insert.setString(2, r.source());
                insert.setString(3, r.device());
                insert.setLong(4, r.clicks());
                insert.setLong(5, r.sessions());
                insert.setLong(6, r.users());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ecommerce.rollup_daily_product_clicks (day, product_id, category, clicks, sessions) "
                        + "VALUES (?, ?, ?, ?, ?)")) {
            for (ProductClickRollup r : productClickRollups) {
                insert.setObject(1, r.day());
                insert.setString(2, r.productId());
                insert.setString(3, r.category());
                insert.setLong(4, r.clicks());
                insert.setLong(5, r.sessions());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void insertModelCredits(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ecommerce.rollup_daily_model_source (day, model, traffic_source, credited_revenue, credited_checkouts) "
                        + "VALUES (?, ?, ?, ?, ?)")) {
            for (ModelCredit m : modelCredits) {
                insert.setObject(1, m.day());
                insert.setString(2, m.model());
                insert.setString(3, m.source());
                insert.setBigDecimal(4, m.revenue());
                insert.setBigDecimal(5, m.checkouts());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void insertConversionPaths(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ecommerce.rollup_daily_conversion_paths (day, path, conversions, revenue) VALUES (?, ?, ?, ?)")) {
            for (ConversionPath p : conversionPaths) {
                insert.setObject(1, p.day());
                insert.setString(2, p.path());
                insert.setLong(3, p.conversions());
                insert.setBigDecimal(4, p.revenue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    // ---- building it -------------------------------------------------------------------------------

    private Instant at(int dayOffset, String time) {
        return firstDay.plusDays(dayOffset).atTime(LocalTime.parse(time)).toInstant(ZoneOffset.UTC);
    }

    private void product(String id, String name, String category, String price) {
        products.put(id, new Product(id, name, category, money(price)));
    }

    private Item item(String productId, int quantity) {
        Product product = products.get(productId);
        return new Item(productId, product.name(), product.price(), quantity);
    }

    private static List<Item> items(Item... items) {
        return List.of(items);
    }

    private Click click(String id, int dayOffset, String time, String source, String campaign, String device, String productId) {
        return new Click(id, at(dayOffset, time), source, campaign, device, productId, categoryOf(productId));
    }

    private void checkout(String id, String userId, int dayOffset, String time, List<Item> items, Click... candidates) {
        String writtenBy = checkouts.size() % 3 == 2 ? "reconciler" : "stream";
        checkouts.add(new Checkout(id, userId, at(dayOffset, time), items, List.of(candidates), writtenBy));
    }

    private void clicks(int dayOffset, String source, String device, long clicks, long sessions, long users) {
        clickRollups.add(new ClickRollup(firstDay.plusDays(dayOffset), source, device, clicks, sessions, users));
    }

    private void productClicks(int dayOffset, String productId, long clicks, long sessions) {
        productClickRollups.add(new ProductClickRollup(firstDay.plusDays(dayOffset), productId, categoryOf(productId), clicks, sessions));
    }
}
