package com.clickstream.attribution.reconciler.raw;

/**
 * Which hash bucket a user's events go to. All events of one user land in one bucket, so a bucket
 * can be attributed on its own; the recompute is partitioned by bucket.
 *
 * <p>The hash is {@link String#hashCode()} (specified by the JLS, so stable across JVMs and runs)
 * spread with the MurmurHash3 finaliser, because user ids are often sequential and would otherwise
 * cluster in few buckets.
 */
public final class UserBuckets {

    private UserBuckets() {
    }

    /** The bucket, in {@code [0, buckets)}, of {@code userId}. */
    public static int bucketOf(String userId, int buckets) {
        return bucketOfHash(userId.hashCode(), buckets);
    }

    /** The bucket of the user id whose {@link String#hashCode()} is {@code hash} (for ids held as bytes). */
    public static int bucketOfHash(int hash, int buckets) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, buckets);
    }

    /** The partition name of a bucket, as it appears in step names and logs. */
    public static String partitionName(int bucket) {
        return String.format("bucket-%04d", bucket);
    }
}
