package com.clickstream.attribution.testsupport.kinesis;

/**
 * Per-shard WRITE limits for {@link KinesisServerExtension#withShardWriteLimits(ShardWriteLimits)}.
 *
 * @param recordsPerSecond    records per second per shard (AWS: 1,000)
 * @param bytesPerSecond      bytes (data blob + partition key) per second per shard (AWS: 1 MiB)
 * @param forcedThrottleRatio extra: this fraction of entries is rejected even within the limits, drawn
 *                            from a {@link java.util.Random} seeded with {@code seed} (0 = none), so a
 *                            test throttles however fast or slow the machine sends
 * @param seed                seed of those draws
 */
public record ShardWriteLimits(int recordsPerSecond, long bytesPerSecond, double forcedThrottleRatio, long seed) {

    /** The AWS limits: 1,000 records and 1 MiB per second per shard, nothing forced. */
    public static final ShardWriteLimits AWS = new ShardWriteLimits(1000, 1024L * 1024, 0, 0);

    public ShardWriteLimits {
        if (recordsPerSecond <= 0 || bytesPerSecond <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (!(forcedThrottleRatio >= 0 && forcedThrottleRatio <= 1)) {
            throw new IllegalArgumentException("forcedThrottleRatio must be within [0, 1]: " + forcedThrottleRatio);
        }
    }

    /** The same limits, plus {@code ratio} of the entries rejected at random (seeded). */
    public ShardWriteLimits withForcedThrottling(double ratio, long seedValue) {
        return new ShardWriteLimits(recordsPerSecond, bytesPerSecond, ratio, seedValue);
    }
}
