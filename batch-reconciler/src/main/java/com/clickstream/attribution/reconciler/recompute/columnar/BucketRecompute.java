package com.clickstream.attribution.reconciler.recompute.columnar;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.ClickOrder;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.recompute.BucketAnswers;
import com.clickstream.attribution.reconciler.recompute.CheckoutRules;
import com.clickstream.attribution.reconciler.recompute.Recomputation;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import com.clickstream.attribution.reconciler.recompute.Tracked;
import com.clickstream.attribution.reconciler.recompute.UserReconciliation;
import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Recomputes one bucket from its click rows ({@link BucketClicks}) and its resolved checkouts, with the
 * same outcome as {@code BucketEvents} + {@code Recomputation}:
 * <ol>
 *   <li>dictionary ids per row for user, event id, session, source, device, product, category;</li>
 *   <li>rows grouped by user in user-id order (a counting sort on the user's rank), each user's rows in
 *       {@link ClickOrder#CLICKS} order, staging order last (an index sort);</li>
 *   <li>identical records (same event id and every field) kept once with their earliest arrival; differing
 *       copies all kept; copies counted per event id over the bucket;</li>
 *   <li>per checkout, the clicks of its window found by binary search on the sorted times and handed to
 *       attribution-core ({@link CheckoutRules}: first-click, every multi-touch model) as {@code Click}
 *       objects, once per user: the only clicks ever materialised;</li>
 *   <li>per user, the click rollups of the first copy of each click id counted from the ids
 *       ({@link UserClickRollups}).</li>
 * </ol>
 */
final class BucketRecompute {

    private static final Comparator<Tracked<Checkout>> CHECKOUT_ORDER = Comparator
            .comparing((Tracked<Checkout> c) -> c.event().getEventTs())
            .thenComparing(c -> c.event().getEventId(), ClickOrder.EVENT_ID);

    private final CheckoutRules rules;

    BucketRecompute(ReconciliationParameters parameters) {
        this.rules = new CheckoutRules(parameters);
    }

    BucketAnswers recompute(BucketClicks c, List<Tracked<Checkout>> checkouts) {
        int n = c.rows;
        ByteDictionary users = new ByteDictionary();
        ByteDictionary ids = new ByteDictionary();
        int[] user = ids(c, ClickFields.USER_ID, users);
        int[] id = ids(c, ClickFields.EVENT_ID, ids);
        int[] copies = new int[ids.size()];
        for (int r = 0; r < n; r++) {
            copies[id[r]]++;
        }

        // checkouts by user: their users join the dictionary (a user may have checkouts only)
        List<List<Tracked<Checkout>>> checkoutsOf = new ArrayList<>();
        long checkoutRecords = 0;
        for (Tracked<Checkout> checkout : checkouts) {
            byte[] u = checkout.event().getUserId().getBytes(StandardCharsets.UTF_8);
            int uid = users.idOf(u, 0, u.length);
            while (checkoutsOf.size() <= uid) {
                checkoutsOf.add(null);
            }
            if (checkoutsOf.get(uid) == null) {
                checkoutsOf.set(uid, new ArrayList<>(2));
            }
            checkoutsOf.get(uid).add(checkout);
            checkoutRecords += checkout.copies();
        }

        // users in user-id order; rows grouped by user (counting sort), then ClickOrder within a user
        int userCount = users.size();
        Integer[] byId = new Integer[userCount];
        for (int u = 0; u < userCount; u++) {
            byId[u] = u;
        }
        Arrays.sort(byId, users::compare);
        int[] rank = new int[userCount];
        for (int i = 0; i < userCount; i++) {
            rank[byId[i]] = i;
        }
        int[] userStart = new int[userCount + 1];
        for (int r = 0; r < n; r++) {
            userStart[rank[user[r]] + 1]++;
        }
        for (int i = 0; i < userCount; i++) {
            userStart[i + 1] += userStart[i];
        }
        int[] order = new int[n];
        int[] fill = Arrays.copyOf(userStart, userCount);
        for (int r = 0; r < n; r++) {
            order[fill[rank[user[r]]]++] = r;
        }
        IndexSort sort = new IndexSort();
        IndexSort.Order clickOrder = (a, b) -> compareClicks(c, a, b);
        for (int i = 0; i < userCount; i++) {
            sort.sort(order, userStart[i], userStart[i + 1], clickOrder);
        }

        ByteDictionary sources = new ByteDictionary();
        ByteDictionary devices = new ByteDictionary();
        ByteDictionary products = new ByteDictionary();
        ByteDictionary categories = new ByteDictionary();
        int[] source = ids(c, ClickFields.TRAFFIC_SOURCE, sources);
        int[] device = ids(c, ClickFields.DEVICE_TYPE, devices);
        int[] product = ids(c, ClickFields.PRODUCT_ID, products);
        int[] category = ids(c, ClickFields.PRODUCT_CATEGORY, categories);
        ByteDictionary sessions = new ByteDictionary();
        int[] session = ids(c, ClickFields.SESSION_ID, sessions);
        // a candidate click made from the rows' columns, its repeated strings decoded once per bucket
        IntFunction<Click> click = r -> new Click(ids.string(id[r]), "click", users.string(user[r]),
                sessions.string(session[r]), products.string(product[r]), c.string(ClickFields.PRODUCT_NAME, r),
                categories.string(category[r]), BigDecimal.valueOf(c.price[r], 2), sources.string(source[r]),
                c.string(ClickFields.CAMPAIGN_ID, r), devices.string(device[r]), c.string(ClickFields.PAGE_URL, r),
                Instant.ofEpochMilli(c.ts[r]));
        UserClickRollups clickRollups = new UserClickRollups(c, source, device, product, session, category,
                sources, devices, products, categories);

        int[] kept = new int[64];
        long[] keptTs = new long[64];
        int[] keptArrival = new int[64];
        int[] counted = new int[64];
        Click[] materialised = new Click[64]; // a user's candidates, made once even if several checkouts share them
        int[] countedBy = new int[ids.size()];
        List<UserReconciliation> answers = new ArrayList<>(userCount);
        for (int i = 0; i < userCount; i++) {
            int uid = byId[i];
            int lo = userStart[i];
            int hi = userStart[i + 1];
            if (kept.length < hi - lo) {
                int size = (hi - lo) * 2;
                kept = new int[size];
                keptTs = new long[size];
                keptArrival = new int[size];
                counted = new int[size];
                materialised = new Click[size];
            }
            // identical records once (earliest arrival); they sit in one run of equal ClickOrder keys
            int k = 0;
            int runStart = 0;
            for (int p = lo; p < hi; p++) {
                int r = order[p];
                if (k > runStart && compareClicks(c, kept[runStart], r) != 0) {
                    runStart = k;
                }
                int same = -1;
                for (int q = runStart; q < k; q++) {
                    if (identical(c, kept[q], r)) {
                        same = q;
                        break;
                    }
                }
                if (same >= 0) {
                    keptArrival[same] = Math.min(keptArrival[same], c.arrivalHour[r]);
                } else {
                    kept[k] = r;
                    keptTs[k] = c.ts[r];
                    keptArrival[k] = c.arrivalHour[r];
                    k++;
                }
            }
            RollupTotals rollups = new RollupTotals();
            List<RecomputedCheckout> userAnswers = new ArrayList<>();
            List<Tracked<Checkout>> userCheckouts = uid < checkoutsOf.size() ? checkoutsOf.get(uid) : null;
            if (userCheckouts != null) {
                userCheckouts.sort(CHECKOUT_ORDER);
                Arrays.fill(materialised, 0, k, null);
                for (Tracked<Checkout> tracked : userCheckouts) {
                    checkout(click, tracked, kept, keptTs, keptArrival, materialised, k, copies, id, userAnswers, rollups);
                }
            }
            // a click counts once in the click rollups, as its first copy in ClickOrder
            int m = 0;
            for (int q = 0; q < k; q++) {
                int r = kept[q];
                if (countedBy[id[r]] != i + 1) {
                    countedBy[id[r]] = i + 1;
                    if (rules.inRollupDays(keptTs[q])) {
                        counted[m++] = r;
                    }
                }
            }
            clickRollups.add(counted, m, rollups);
            answers.add(new UserReconciliation(users.string(uid), userAnswers, rollups));
        }
        long records = n + checkoutRecords;
        long duplicates = (n - ids.size()) + (checkoutRecords - checkouts.size());
        return new BucketAnswers(answers, records, duplicates);
    }

    private void checkout(IntFunction<Click> click, Tracked<Checkout> tracked, int[] kept, long[] keptTs, int[] keptArrival,
            Click[] materialised, int k, int[] copies, int[] id, List<RecomputedCheckout> answers, RollupTotals rollups) {
        Checkout checkout = tracked.event();
        long ts = checkout.getEventTs().toEpochMilli();
        if (!rules.matters(ts)) {
            return;
        }
        int lo = Recomputation.firstAtOrAfter(keptTs, k, rules.windowStart(ts));
        int hi = ts == Long.MAX_VALUE ? k : Recomputation.firstAtOrAfter(keptTs, k, ts + 1);
        List<Click> candidates = new ArrayList<>(hi - lo);
        for (int q = lo; q < hi; q++) {
            if (materialised[q] == null) {
                materialised[q] = click.apply(kept[q]);
            }
            candidates.add(materialised[q]);
        }
        CheckoutRules.Answered answered = rules.apply(checkout, candidates, rollups);
        if (answered != null) {
            Optional<Tracked<AttributedClick>> credited = answered.answer().click().map(a -> {
                int q = CheckoutRules.creditedIndex(candidates, a);
                return new Tracked<>(a, BucketClicks.arrival(keptArrival[lo + q]), copies[id[kept[lo + q]]]);
            });
            answers.add(new RecomputedCheckout(answered.answer(), tracked, credited, answered.credits()));
        }
    }

    /** ClickOrder.CLICKS on rows, then staging order (the order BucketEvents keeps differing copies in). */
    private static int compareClicks(BucketClicks c, int a, int b) {
        int cmp = Long.compare(c.ts[a], c.ts[b]);
        if (cmp != 0) {
            return cmp;
        }
        cmp = c.compare(ClickFields.EVENT_ID, a, b);
        if (cmp != 0) {
            return cmp;
        }
        for (int f : TIE_FIELDS) {
            cmp = c.compare(f, a, b);
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }

    private static final int[] TIE_FIELDS = {ClickFields.TRAFFIC_SOURCE, ClickFields.CAMPAIGN_ID,
            ClickFields.DEVICE_TYPE, ClickFields.PRODUCT_ID, ClickFields.PRODUCT_CATEGORY};

    /** Same record: every stored field, the time and the price (the user is the same within a user's rows). */
    private static boolean identical(BucketClicks c, int a, int b) {
        if (c.ts[a] != c.ts[b] || c.price[a] != c.price[b]) {
            return false;
        }
        for (int f : ClickSpill.STORED) {
            if (!c.same(f, a, b)) {
                return false;
            }
        }
        return true;
    }

    private static int[] ids(BucketClicks c, int field, ByteDictionary dictionary) {
        int[] out = new int[c.rows];
        int[] start = c.start[field];
        int[] length = c.length[field];
        for (int r = 0; r < c.rows; r++) {
            out[r] = dictionary.idOf(c.data, start[r], length[r]);
        }
        return out;
    }
}
