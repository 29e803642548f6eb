package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.ClickOrder;
import com.clickstream.attribution.reconciler.raw.BucketSpill;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads one bucket's spill file, deduplicates by {@code event_id} and groups by user.
 *
 * <p>Deduplication: identical records are one record (kept once, with the earliest arrival partition).
 * Clicks that share an {@code event_id} but differ (a producer that re-sent a click with a new time) are
 * all kept: attribution-core decides among the copies that are candidates of a checkout
 * ({@code CandidateClicks} keeps the first in {@link ClickOrder#CLICKS}), so a copy outside one
 * checkout's window cannot hide a copy inside it. Checkouts with one {@code event_id} are one checkout:
 * the copy kept is the first by {@link #CHECKOUT_COPIES}. Every kept event carries the number of records
 * with its {@code event_id} (copies), which the correction reasons use; {@link #duplicates()} counts the
 * records beyond the first per {@code event_id}.
 *
 * <p>Memory: the whole bucket is held at once; buckets are sized by the run's {@code buckets} parameter.
 */
public final class BucketEvents {

    /**
     * Copies of one checkout that disagree (no valid producer sends them) are resolved by the earliest
     * {@code event_ts}, then the smallest total, then currency, user, session and payment method.
     */
    public static final Comparator<Checkout> CHECKOUT_COPIES = Comparator
            .comparing(Checkout::getEventTs)
            .thenComparing(Checkout::getTotalAmount, Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder()))
            .thenComparing(Checkout::getCurrency, ClickOrder.EVENT_ID)
            .thenComparing(Checkout::getUserId, ClickOrder.EVENT_ID)
            .thenComparing(Checkout::getSessionId, ClickOrder.EVENT_ID)
            .thenComparing(Checkout::getPaymentMethod, ClickOrder.EVENT_ID);

    private static final Comparator<Tracked<Checkout>> CHECKOUT_ORDER = Comparator
            .comparing((Tracked<Checkout> c) -> c.event().getEventTs())
            .thenComparing(c -> c.event().getEventId(), ClickOrder.EVENT_ID);

    private final List<UserEvents> users;
    private final long records;
    private final long duplicates;

    private BucketEvents(List<UserEvents> users, long records, long duplicates) {
        this.users = users;
        this.records = records;
        this.duplicates = duplicates;
    }

    /** The users of the bucket file, sorted by user id (code-point order), so positions are stable across restarts. */
    public static BucketEvents load(Path file) {
        return load(file, List.of());
    }

    /**
     * As {@link #load(Path)}, with checkouts whose copies were already resolved across buckets
     * ({@link CheckoutCopies}) added to those of the file.
     */
    public static BucketEvents load(Path file, List<Tracked<Checkout>> resolvedCheckouts) {
        Map<String, ClickCopies> clicks = new HashMap<>();
        Map<String, Tracked<Checkout>> checkouts = new HashMap<>();
        long resolvedRecords = 0;
        for (Tracked<Checkout> checkout : resolvedCheckouts) {
            checkouts.merge(checkout.event().getEventId(), checkout, CheckoutCopies::keep);
            resolvedRecords += checkout.copies();
        }
        long[] records = {resolvedRecords};
        BucketSpill.read(file, (event, arrival) -> {
            records[0]++;
            if (event instanceof Click click) {
                clicks.computeIfAbsent(click.getEventId(), id -> new ClickCopies()).add(click, arrival);
            } else {
                Checkout checkout = (Checkout) event;
                checkouts.merge(checkout.getEventId(), new Tracked<>(checkout, arrival, 1), CheckoutCopies::keep);
            }
        });
        Map<String, List<Tracked<Click>>> clicksByUser = new HashMap<>();
        Map<String, List<Tracked<Checkout>>> checkoutsByUser = new HashMap<>();
        for (ClickCopies copies : clicks.values()) {
            for (int i = 0; i < copies.variants.size(); i++) {
                Click click = copies.variants.get(i);
                clicksByUser.computeIfAbsent(click.getUserId(), u -> new ArrayList<>())
                        .add(new Tracked<>(click, copies.arrivals.get(i), copies.copies));
                checkoutsByUser.computeIfAbsent(click.getUserId(), u -> new ArrayList<>());
            }
        }
        for (Tracked<Checkout> checkout : checkouts.values()) {
            checkoutsByUser.computeIfAbsent(checkout.event().getUserId(), u -> new ArrayList<>()).add(checkout);
        }
        List<String> userIds = new ArrayList<>(checkoutsByUser.keySet());
        userIds.sort(ClickOrder.EVENT_ID);
        List<UserEvents> users = new ArrayList<>(userIds.size());
        for (String userId : userIds) {
            List<Tracked<Click>> userClicks = clicksByUser.getOrDefault(userId, new ArrayList<>());
            userClicks.sort(Comparator.comparing(Tracked::event, ClickOrder.CLICKS));
            List<Tracked<Checkout>> userCheckouts = checkoutsByUser.get(userId);
            userCheckouts.sort(CHECKOUT_ORDER);
            users.add(new UserEvents(userId, userClicks, userCheckouts));
        }
        long distinct = clicks.size() + checkouts.size();
        return new BucketEvents(List.copyOf(users), records[0], records[0] - distinct);
    }

    public List<UserEvents> users() {
        return users;
    }

    /** Records in the bucket, copies included. */
    public long records() {
        return records;
    }

    /** Records that were copies of another record (same event_id) and were dropped. */
    public long duplicates() {
        return duplicates;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * The records of one click id: its distinct variants (nearly always one), each with its earliest
     * arrival, and the number of records. Records are compared in full only against others of the same
     * id, so the common case costs one hash of the id.
     */
    private static final class ClickCopies {
        final List<Click> variants = new ArrayList<>(1);
        final List<Instant> arrivals = new ArrayList<>(1);
        int copies;

        void add(Click click, Instant arrival) {
            copies++;
            for (int i = 0; i < variants.size(); i++) {
                if (variants.get(i).equals(click)) {
                    arrivals.set(i, earlier(arrivals.get(i), arrival));
                    return;
                }
            }
            variants.add(click);
            arrivals.add(arrival);
        }
    }
}
