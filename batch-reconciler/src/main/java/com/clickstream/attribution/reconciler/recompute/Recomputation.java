package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recomputes one user's answers with attribution-core: first-click for the checkouts of the range, and
 * every multi-touch model plus click counts for the rollup days.
 *
 * <p>The rules stay in attribution-core; this class only narrows each checkout's clicks to those whose
 * time lies in {@code [checkout_ts - W, checkout_ts]} (a binary search over the user's clicks, which
 * are sorted by time) so a user with a long history costs O(log n) per checkout instead of O(n).
 * The rule itself re-checks the window on the slice, and decides among copies of a click.
 */
public final class Recomputation {

    private final CheckoutRules rules;

    public Recomputation(ReconciliationParameters parameters) {
        this.rules = new CheckoutRules(parameters);
    }

    /** The user's answers; its clicks and credits are added to {@code rollups}. */
    public UserReconciliation recompute(UserEvents user, RollupTotals rollups) {
        List<Click> clicks = new ArrayList<>(user.clicks().size());
        long[] times = new long[user.clicks().size()];
        Map<String, Tracked<Click>> byId = new HashMap<>();
        for (Tracked<Click> click : user.clicks()) {
            times[clicks.size()] = click.event().getEventTs().toEpochMilli();
            clicks.add(click.event());
            byId.putIfAbsent(click.event().getEventId(), click); // clicks are in ClickOrder: the first copy
        }

        List<RecomputedCheckout> answers = new ArrayList<>();
        for (Tracked<Checkout> tracked : user.checkouts()) {
            Checkout checkout = tracked.event();
            long ts = checkout.getEventTs().toEpochMilli();
            int lo = firstAtOrAfter(times, rules.windowStart(ts));
            int hi = firstAfter(times, ts);
            List<Click> candidates = clicks.subList(lo, hi);
            CheckoutRules.Answered answered = rules.apply(checkout, candidates, rollups);
            if (answered != null) {
                answers.add(new RecomputedCheckout(answered.answer(), tracked, answered.answer().click().map(c -> {
                    Tracked<Click> record = user.clicks().get(lo + CheckoutRules.creditedIndex(candidates, c));
                    return new Tracked<AttributedClick>(c, record.arrivalHour(), record.copies());
                }), answered.credits()));
            }
        }
        // A click counts once in the click rollups, as its first copy (the copy attribution keeps).
        List<Click> counted = new ArrayList<>();
        for (Tracked<Click> click : byId.values()) {
            if (rules.inRollupDays(click.event().getEventTs().toEpochMilli())) {
                counted.add(click.event());
            }
        }
        rollups.addUserClicks(counted);
        return new UserReconciliation(user.userId(), answers);
    }

    /** Index of the first time >= t (times ascending). */
    static int firstAtOrAfter(long[] times, long t) {
        return firstAtOrAfter(times, times.length, t);
    }

    /** Index of the first time >= t among {@code times[0, n)} (ascending). */
    public static int firstAtOrAfter(long[] times, int n, long t) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the first time > t. */
    static int firstAfter(long[] times, long t) {
        return t == Long.MAX_VALUE ? times.length : firstAtOrAfter(times, t + 1);
    }
}
