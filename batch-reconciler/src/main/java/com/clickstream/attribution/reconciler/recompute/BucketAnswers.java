package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.util.List;

/**
 * One bucket's recompute output.
 *
 * @param users      the bucket's users that have a checkout or a click in the run, in user-id order (code point)
 * @param rollups    the bucket's raw-derived rollups of the rollup days (its users' clicks and credits)
 * @param records    raw records staged into the bucket, copies included
 * @param duplicates records that were copies of another record (same {@code event_id})
 */
public record BucketAnswers(List<UserReconciliation> users, RollupTotals rollups, long records, long duplicates) {

    public BucketAnswers {
        users = List.copyOf(users);
    }
}
