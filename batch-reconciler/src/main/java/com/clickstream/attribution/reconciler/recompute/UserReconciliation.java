package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.util.List;
import java.util.Map;

/**
 * The recompute's output for one user.
 *
 * @param userId     the user
 * @param checkouts  answers for the user's checkouts in the reconciled range {@code [from, to)}
 * @param clicksById the user's staged clicks by id, to explain a correction (e.g. where the click
 *                   the stream credited lies)
 * @param rollups    the user's contribution to the raw-derived rollups of the rollup days
 */
public record UserReconciliation(
        String userId, List<RecomputedCheckout> checkouts, Map<String, Tracked<Click>> clicksById, RollupTotals rollups) {
}
