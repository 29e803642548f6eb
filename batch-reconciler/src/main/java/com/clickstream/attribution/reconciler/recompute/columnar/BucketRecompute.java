package com.clickstream.attribution.reconciler.recompute.columnar;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributedClick;
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

/**
 * Recomputes one bucket from its click rows ({@link BucketClicks}) and its resolved checkouts, with the
 * same outcome as {@code BucketEvents} + {@code Recomputation}:
 * <ol>
 *   <li>event ids and users get ids per bucket, sessions per user; sources, products ... have run-wide
 *       {@link FieldCodes} whose ranks give code point order without looking at bytes;</li>
 *   <li>rows grouped by user in user-id order (a counting sort on the user's rank), each user's rows in
 *       {@link ClickOrder#CLICKS} order, staging order last (an index sort);</li>
 *   <li>identical records (same event id and every field) kept once with their earliest arrival; differing
 *       copies all kept; copies counted per event id over the bucket;</li>
 *   <li>per checkout, the clicks of its window found by binary search on the sorted times and handed to
 *       attribution-core ({@link CheckoutRules}: first-click, every multi-touch model) as {@code Click}
 *       objects, once per user: the only clicks ever materialised;</li>
 *   <li>per user, the click rollups of the first copy of each click id ({@link BucketClickRollups}).</li>
 * </ol>
 * One instance per worker thread recomputes bucket after bucket, reusing its buffers.
 */
final class BucketRecompute {

    private static final Comparator<Tracked<Checkout>> CHECKOUT_ORDER = Comparator
            .comparing((Tracked<Checkout> c) -> c.event().getEventTs())
            .thenComparing(c -> c.event().getEventId(), ClickOrder.EVENT_ID);

    /** The fields after time and event id in ClickOrder.CLICKS, all coded. */
    private static final int[] TIE_FIELDS = {ClickFields.TRAFFIC_SOURCE, ClickFields.CAMPAIGN_ID,
            ClickFields.DEVICE_TYPE, ClickFields.PRODUCT_ID, ClickFields.PRODUCT_CATEGORY};

    private final FieldCodes codes;
    private final int[][] tieRanks = new int[TIE_FIELDS.length][];
    private final BucketClicks clicks = new BucketClicks();
    private final ByteDictionary ids = new ByteDictionary();
    private final ByteDictionary users = new ByteDictionary();
    /** One user's sessions (a session counts per user in the rollups, as a (user, session) pair). */
    private final ByteDictionary userSessions = new ByteDictionary();
    private final BucketClickRollups clickRollups;
    private final IndexSort sort = new IndexSort();
    private int[] id = new int[0];
    private int[] user = new int[0];
    private int[] order = new int[0];
    private int[] copies = new int[0];
    private int[] countedBy = new int[0];
    private int[] byRank = new int[64];
    private int[] userStart = new int[65];
    private int[] kept = new int[64];
    private long[] keptTs = new long[64];
    private int[] keptArrival = new int[64];
    private int[] counted = new int[64];
    private int[] countedSession = new int[64];
    private Click[] materialised = new Click[64];

    BucketRecompute(FieldCodes codes) {
        this.codes = codes;
        for (int i = 0; i < TIE_FIELDS.length; i++) {
            tieRanks[i] = codes.ranks(TIE_FIELDS[i]);
        }
        this.clickRollups = new BucketClickRollups(codes);
    }

    BucketAnswers recompute(ReconciliationParameters parameters, java.nio.file.Path clickFile,
            List<Tracked<Checkout>> checkouts) {
        CheckoutRules rules = new CheckoutRules(parameters);
        BucketClicks c = clicks.load(clickFile);
        int n = c.rows;
        ids.clear();
        users.clear();
        clickRollups.clear();
        if (id.length < n) {
            int size = Math.max(n, id.length * 3 / 2);
            id = new int[size];
            user = new int[size];
            order = new int[size];
        }
        for (int r = 0; r < n; r++) {
            id[r] = ids.idOf(c.data, c.start[ClickFields.EVENT_ID][r], c.length[ClickFields.EVENT_ID][r]);
            user[r] = users.idOf(c.data, c.start[ClickFields.USER_ID][r], c.length[ClickFields.USER_ID][r]);
        }
        if (copies.length < ids.size()) {
            copies = new int[Math.max(ids.size(), copies.length * 3 / 2)];
            countedBy = new int[copies.length];
        }
        Arrays.fill(copies, 0, ids.size(), 0);
        Arrays.fill(countedBy, 0, ids.size(), 0);
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
        int[] rank = users.ranks();
        if (byRank.length < userCount) {
            byRank = new int[userCount * 2];
            userStart = new int[userCount * 2 + 1];
        }
        for (int u = 0; u < userCount; u++) {
            byRank[rank[u]] = u;
        }
        Arrays.fill(userStart, 0, userCount + 1, 0);
        for (int r = 0; r < n; r++) {
            userStart[rank[user[r]] + 1]++;
        }
        for (int i = 0; i < userCount; i++) {
            userStart[i + 1] += userStart[i];
        }
        int[] fill = Arrays.copyOf(userStart, userCount);
        for (int r = 0; r < n; r++) {
            order[fill[rank[user[r]]]++] = r;
        }
        IndexSort.Order clickOrder = this::compareClicks;
        for (int i = 0; i < userCount; i++) {
            sort.sort(order, userStart[i], userStart[i + 1], clickOrder);
        }

        RollupTotals rollups = new RollupTotals();
        List<UserReconciliation> answers = new ArrayList<>(userCount);
        for (int i = 0; i < userCount; i++) {
            int uid = byRank[i];
            int lo = userStart[i];
            int hi = userStart[i + 1];
            if (kept.length < hi - lo) {
                int size = (hi - lo) * 2;
                kept = new int[size];
                keptTs = new long[size];
                keptArrival = new int[size];
                counted = new int[size];
                countedSession = new int[size];
                materialised = new Click[size];
            }
            // identical records once (earliest arrival); they sit in one run of equal ClickOrder keys
            int k = 0;
            int runStart = 0;
            for (int p = lo; p < hi; p++) {
                int r = order[p];
                if (k > runStart && compareClicks(kept[runStart], r) != 0) {
                    runStart = k;
                }
                int same = -1;
                for (int q = runStart; q < k; q++) {
                    if (identical(kept[q], r)) {
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
            List<RecomputedCheckout> userAnswers = new ArrayList<>();
            List<Tracked<Checkout>> userCheckouts = uid < checkoutsOf.size() ? checkoutsOf.get(uid) : null;
            if (userCheckouts != null) {
                userCheckouts.sort(CHECKOUT_ORDER);
                Arrays.fill(materialised, 0, k, null);
                for (Tracked<Checkout> tracked : userCheckouts) {
                    checkout(rules, tracked, k, userAnswers, rollups);
                }
            }
            // a click counts once in the click rollups, as its first copy in ClickOrder
            int m = 0;
            userSessions.clear();
            for (int q = 0; q < k; q++) {
                int r = kept[q];
                if (countedBy[id[r]] != i + 1) {
                    countedBy[id[r]] = i + 1;
                    if (rules.inRollupDays(keptTs[q])) {
                        countedSession[m] = userSessions.idOf(c.data, c.start[ClickFields.SESSION_ID][r],
                                c.length[ClickFields.SESSION_ID][r]);
                        counted[m++] = r;
                    }
                }
            }
            clickRollups.addUser(c, counted, countedSession, m);
            answers.add(new UserReconciliation(users.string(uid), userAnswers));
        }
        clickRollups.addTo(rollups);
        long records = n + checkoutRecords;
        long duplicates = (n - ids.size()) + (checkoutRecords - checkouts.size());
        return new BucketAnswers(answers, rollups, records, duplicates);
    }

    private void checkout(CheckoutRules rules, Tracked<Checkout> tracked, int k, List<RecomputedCheckout> answers,
            RollupTotals rollups) {
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
                materialised[q] = click(kept[q]);
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

    /** A candidate click made from row {@code r}'s columns and codes. */
    private Click click(int r) {
        BucketClicks c = clicks;
        return new Click(c.string(ClickFields.EVENT_ID, r), "click", users.string(user[r]),
                c.string(ClickFields.SESSION_ID, r), coded(ClickFields.PRODUCT_ID, r), coded(ClickFields.PRODUCT_NAME, r),
                coded(ClickFields.PRODUCT_CATEGORY, r), BigDecimal.valueOf(c.price[r], 2),
                coded(ClickFields.TRAFFIC_SOURCE, r), coded(ClickFields.CAMPAIGN_ID, r), coded(ClickFields.DEVICE_TYPE, r),
                c.string(ClickFields.PAGE_URL, r), Instant.ofEpochMilli(c.ts[r]));
    }

    private String coded(int field, int r) {
        return codes.string(field, clicks.code[field][r]);
    }

    /** ClickOrder.CLICKS on rows, then staging order (the order BucketEvents keeps differing copies in). */
    private int compareClicks(int a, int b) {
        BucketClicks c = clicks;
        int cmp = Long.compare(c.ts[a], c.ts[b]);
        if (cmp != 0) {
            return cmp;
        }
        cmp = c.compare(ClickFields.EVENT_ID, a, b);
        if (cmp != 0) {
            return cmp;
        }
        for (int i = 0; i < TIE_FIELDS.length; i++) {
            int[] code = c.code[TIE_FIELDS[i]];
            int[] rank = tieRanks[i];
            int ca = code[a];
            int cb = code[b];
            if (ca != cb) {
                return Integer.compare(ca < 0 ? -1 : rank[ca], cb < 0 ? -1 : rank[cb]); // null first
            }
        }
        return 0;
    }

    /** Same record: every field, the time and the price (the user is the same within a user's rows). */
    private boolean identical(int a, int b) {
        BucketClicks c = clicks;
        if (c.ts[a] != c.ts[b] || c.price[a] != c.price[b]) {
            return false;
        }
        for (int f : FieldCodes.CODED) {
            if (c.code[f][a] != c.code[f][b]) {
                return false;
            }
        }
        for (int f : FieldCodes.BYTES) {
            if (!c.same(f, a, b)) {
                return false;
            }
        }
        return true;
    }
}
