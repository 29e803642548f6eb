package com.clickstream.attribution.reconciler.recompute;

import java.util.List;

/**
 * One bucket's recompute output.
 *
 * @param users      the bucket's users that have a checkout or a click in the run, in user-id order (code point)
 * @param records    raw records staged into the bucket, copies included
 * @param duplicates records that were copies of another record (same {@code event_id})
 */
public record BucketAnswers(List<UserReconciliation> users, long records, long duplicates) {

    public BucketAnswers {
        users = List.copyOf(users);
    }
}
