package com.clickstream.attribution.reconciler.rollup;

import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.ClickOrder;
import com.clickstream.attribution.core.rules.Money;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.core.rules.multitouch.Credit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw-derived rollups of the rollup days, summed over users: multi-touch credit per day, model
 * and source, conversions and revenue per day and conversion path, checkouts per day and number of
 * touches, and deduplicated clicks per day, source and device and per day and product.
 *
 * <p>Partitions are disjoint sets of users, so totals of partitions add up. Distinct users and sessions
 * add up too: a session is counted as a distinct {@code (user_id, session_id)} pair, and each user is
 * counted within one {@link #addUserClicks} call (or its columnar twins {@link #addClickGroup},
 * {@link #addProductGroup}).
 */
public final class RollupTotals {

    /** Key of rollup_daily_model_source. */
    public record ModelKey(LocalDate day, String model, String trafficSource) {
    }

    /** Key of rollup_daily_conversion_paths. */
    public record PathKey(LocalDate day, String path) {
    }

    /** Converting checkouts of a path and their revenue. */
    public record Converted(long conversions, BigDecimal revenue) {
    }

    /** Key of rollup_daily_clicks. */
    public record ClickKey(LocalDate day, String trafficSource, String deviceType) {
    }

    /** Key of rollup_daily_product_clicks. */
    public record ProductKey(LocalDate day, String productId) {
    }

    /** Key of rollup_daily_touches: a checkout's number of touches (0 = unattributed). */
    public record TouchesKey(LocalDate day, int touches) {
    }

    /** Credited revenue and credited checkouts (sum of shares). */
    public record Credited(BigDecimal revenue, BigDecimal checkouts) {
    }

    /** Clicks, distinct sessions and distinct users (users is 0 for products). */
    public record Counts(long clicks, long sessions, long users) {
        Counts plus(Counts other) {
            return new Counts(clicks + other.clicks, sessions + other.sessions, users + other.users);
        }
    }

    /** Per key: revenue in cents and checkouts in {@link Credit#SHARE_SCALE} units, exact in longs (no BigDecimal per credit). */
    private final HashMap<ModelKey, long[]> credited = new HashMap<>();
    /** Per path: checkouts and revenue in cents. */
    private final HashMap<PathKey, long[]> paths = new HashMap<>();
    private final HashMap<ClickKey, Counts> clicks = new HashMap<>();
    private final HashMap<ProductKey, Counts> productClicks = new HashMap<>();
    private final HashMap<ProductKey, String> productCategory = new HashMap<>();
    /** Per key: checkouts and revenue in cents. */
    private final HashMap<TouchesKey, long[]> touches = new HashMap<>();

    /**
     * Adds one checkout's credits under every model, on the UTC day of its checkout time, and counts it under
     * its number of touches: first-click has one credit per touch, zero credits included
     * (MultiTouchAttribution), and a single credit without a click for a checkout without touches.
     */
    public void addCredits(LocalDate day, Map<AttributionModel, List<Credit>> byModel) {
        for (Map.Entry<AttributionModel, List<Credit>> model : byModel.entrySet()) {
            for (Credit credit : model.getValue()) {
                add(new ModelKey(day, model.getKey().dbName(), credit.trafficSource()), credit.amount(), credit.share());
            }
        }
        List<Credit> perTouch = byModel.get(AttributionModel.FIRST_CLICK);
        if (perTouch != null && !perTouch.isEmpty()) {
            long cents = 0;
            for (Credit credit : perTouch) {
                cents = Math.addExact(cents, cents(credit.amount()));
            }
            addTouches(new TouchesKey(day, perTouch.get(0).attributed() ? perTouch.size() : 0), 1, cents);
        }
    }

    private void addTouches(TouchesKey key, long checkouts, long cents) {
        addExact(touches, key, checkouts, cents);
    }

    /** Adds one stored rollup_daily_touches partial (see {@code CuratedRows}). */
    public void addTouches(TouchesKey key, long checkouts, BigDecimal revenue) {
        addTouches(key, checkouts, cents(revenue));
    }

    /** Adds one checkout of {@code revenue} on {@code day} whose touches make {@code path} ({@code ConversionPath}). */
    public void addConversion(LocalDate day, String path, BigDecimal revenue) {
        addPath(new PathKey(day, path), 1, cents(revenue));
    }

    /** Adds one stored rollup_daily_conversion_paths partial (see {@code CuratedRows}). */
    public void addConverted(PathKey key, Converted value) {
        addPath(key, value.conversions(), cents(value.revenue()));
    }

    private void addPath(PathKey key, long conversions, long cents) {
        addExact(paths, key, conversions, cents);
    }

    /** Adds the clicks of ONE user (deduplicated, on the rollup days). */
    public void addUserClicks(List<Click> userClicks) {
        Set<ClickKey> groups = new HashSet<>();
        Set<Object> sessions = new HashSet<>();
        for (Click click : userClicks) {
            LocalDate day = LocalDate.ofInstant(click.getEventTs(), ZoneOffset.UTC);
            ClickKey group = new ClickKey(day, click.getTrafficSource(), click.getDeviceType());
            boolean newUser = groups.add(group);
            boolean newSession = sessions.add(List.of(group, click.getSessionId()));
            clicks.merge(group, new Counts(1, newSession ? 1 : 0, newUser ? 1 : 0), Counts::plus);

            ProductKey product = new ProductKey(day, click.getProductId());
            boolean newProductSession = sessions.add(List.of(product, click.getSessionId()));
            productClicks.merge(product, new Counts(1, newProductSession ? 1 : 0, 0), Counts::plus);
            productCategory.merge(product, click.getProductCategory(),
                    (a, b) -> ClickOrder.EVENT_ID.compare(a, b) <= 0 ? a : b);
        }
    }

    private void add(ModelKey key, BigDecimal revenue, BigDecimal checkouts) {
        // cents and share units by contract (Credit, the partials' decimal columns): exact, else an exception
        add(key, cents(revenue),
                checkouts.movePointRight(Credit.SHARE_SCALE).longValueExact());
    }

    private void add(ModelKey key, long cents, long shareUnits) {
        addExact(credited, key, cents, shareUnits);
    }

    /** The one way every rollup here sums: a pair of longs per key, overflow an exception. */
    private static <K> void addExact(HashMap<K, long[]> sums, K key, long first, long second) {
        long[] sum = sums.computeIfAbsent(key, k -> new long[2]);
        sum[0] = Math.addExact(sum[0], first);
        sum[1] = Math.addExact(sum[1], second);
    }

    /** Money in cents, exact by contract (Credit, the partials' decimal columns), else an exception. */
    private static long cents(BigDecimal amount) {
        return amount.movePointRight(Money.SCALE).longValueExact();
    }

    /** Adds one stored rollup_daily_model_source partial (see {@code CuratedRows}). */
    public void addCredited(ModelKey key, Credited value) {
        add(key, value.revenue(), value.checkouts());
    }

    /**
     * Adds one user's clicks of one {@code (day, source, device)} group, already counted as
     * {@link #addUserClicks} counts them (for engines that count without {@code Click} objects).
     */
    public void addClickGroup(ClickKey group, Counts counts) {
        clicks.merge(group, counts, Counts::plus);
    }

    /** Adds one user's clicks of one {@code (day, product)}, counted as {@link #addUserClicks} does, and their smallest category. */
    public void addProductGroup(ProductKey product, Counts counts, String category) {
        productClicks.merge(product, counts, Counts::plus);
        productCategory.merge(product, category, (a, b) -> ClickOrder.EVENT_ID.compare(a, b) <= 0 ? a : b);
    }

    /** Adds another set of totals (of disjoint users) into this one. */
    public void addAll(RollupTotals other) {
        other.credited.forEach((k, v) -> add(k, v[0], v[1]));
        other.paths.forEach((k, v) -> addPath(k, v[0], v[1]));
        other.clicks.forEach((k, v) -> clicks.merge(k, v, Counts::plus));
        other.productClicks.forEach((k, v) -> productClicks.merge(k, v, Counts::plus));
        other.productCategory.forEach((k, v) -> productCategory.merge(k, v,
                (a, b) -> ClickOrder.EVENT_ID.compare(a, b) <= 0 ? a : b));
        other.touches.forEach((k, v) -> addTouches(k, v[0], v[1]));
    }

    public Map<ModelKey, Credited> credited() {
        Map<ModelKey, Credited> copy = new HashMap<>();
        credited.forEach((k, v) -> copy.put(k, new Credited(BigDecimal.valueOf(v[0], Money.SCALE),
                BigDecimal.valueOf(v[1], Credit.SHARE_SCALE))));
        return Map.copyOf(copy);
    }

    public Map<PathKey, Converted> paths() {
        Map<PathKey, Converted> copy = new HashMap<>();
        paths.forEach((k, v) -> copy.put(k, new Converted(v[0], BigDecimal.valueOf(v[1], Money.SCALE))));
        return Map.copyOf(copy);
    }

    public Map<ClickKey, Counts> clicks() {
        return Map.copyOf(clicks);
    }

    public Map<ProductKey, Counts> productClicks() {
        return Map.copyOf(productClicks);
    }

    /** Checkouts ({@code checkouts()}, a whole number) and revenue per day and number of touches. */
    public Map<TouchesKey, Credited> touches() {
        Map<TouchesKey, Credited> copy = new HashMap<>();
        touches.forEach((k, v) -> copy.put(k, new Credited(BigDecimal.valueOf(v[1], Money.SCALE), BigDecimal.valueOf(v[0]))));
        return Map.copyOf(copy);
    }

    public String categoryOf(ProductKey product) {
        return productCategory.get(product);
    }

    public boolean isEmpty() {
        return credited.isEmpty() && paths.isEmpty() && clicks.isEmpty() && productClicks.isEmpty()
                && touches.isEmpty();
    }
}
