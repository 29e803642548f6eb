package com.clickstream.attribution.testsupport.kinesis;

/**
 * Per-shard READ limits for {@link KinesisServerExtension#withShardReadLimits(ShardReadLimits)}.
 *
 * @param callsPerSecond      GetRecords calls per second per shard, shared by every consumer of the
 *                            shard (AWS: 5)
 * @param bytesPerSecond      data bytes per second per shard that GetRecords may return (AWS: 2 MiB);
 *                            a call is admitted while the shard is not in debt and charged with what
 *                            it returned, so one big answer throttles the calls after it
 * @param forcedThrottleRatio extra: this fraction of calls is rejected even within the limits, drawn
 *                            from a {@link java.util.Random} seeded with {@code seed} (0 = none)
 * @param seed                seed of those draws
 */
public record ShardReadLimits(int callsPerSecond, long bytesPerSecond, double forcedThrottleRatio, long seed) {

    /** The AWS limits: 5 GetRecords calls and 2 MiB per second per shard, nothing forced. */
    public static final ShardReadLimits AWS = new ShardReadLimits(5, 2L * 1024 * 1024, 0, 0);

    public ShardReadLimits {
        if (callsPerSecond <= 0 || bytesPerSecond <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (!(forcedThrottleRatio >= 0 && forcedThrottleRatio <= 1)) {
            throw new IllegalArgumentException("forcedThrottleRatio must be within [0, 1]: " + forcedThrottleRatio);
        }
    }

    /** The same limits, plus {@code ratio} of the calls rejected at random (seeded). */
    public ShardReadLimits withForcedThrottling(double ratio, long seedValue) {
        return new ShardReadLimits(callsPerSecond, bytesPerSecond, ratio, seedValue);
    }
}
