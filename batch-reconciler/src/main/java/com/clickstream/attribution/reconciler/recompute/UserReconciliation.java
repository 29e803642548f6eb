package com.clickstream.attribution.reconciler.recompute;

import java.util.List;

/**
 * The recompute's output for one user.
 *
 * @param userId     the user
 * @param checkouts  answers for the user's checkouts in the reconciled range {@code [from, to)}
 */
public record UserReconciliation(String userId, List<RecomputedCheckout> checkouts) {
}
