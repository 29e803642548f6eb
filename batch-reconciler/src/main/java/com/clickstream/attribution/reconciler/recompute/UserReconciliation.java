package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.util.List;

/**
 * The recompute's output for one user.
 *
 * @param userId     the user
 * @param checkouts  answers for the user's checkouts in the reconciled range {@code [from, to)}
 * @param rollups    the user's contribution to the raw-derived rollups of the rollup days
 */
public record UserReconciliation(
        String userId, List<RecomputedCheckout> checkouts, RollupTotals rollups) {
}
