package com.clickstream.attribution.testsupport.kinesis;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The AWS per-shard READ limits for GetRecords: a calls bucket ({@code callsPerSecond}, one second's
 * worth) and a bytes bucket ({@code bytesPerSecond}, one second's worth, allowed into debt). A call
 * is admitted if a call token is there and the bytes bucket is not in debt; what the call returned
 * is charged afterwards ({@link #charge}), because nobody knows the size of an answer before it is
 * read — as on AWS, where a call that returned 10 MiB throttles the next ~5 seconds. A rejected call
 * costs nothing. On top, {@link ShardReadLimits#forcedThrottleRatio()} of the calls are rejected at
 * random (seeded) so a test can throttle without depending on timing.
 */
final class ShardReadLimiter {

    private final ShardReadLimits limits;
    private final LongSupplier clock;
    private final Random random;
    private final Map<String, Buckets> shards = new ConcurrentHashMap<>();

    ShardReadLimiter(ShardReadLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.clock = nanoClock;
        this.random = new Random(limits.seed());
    }

    ShardReadLimits limits() {
        return limits;
    }

    /** Admits (and charges one call to) a GetRecords call on {@code shard} (stream/shard id), or says why not. */
    LimitVerdict tryAdmit(String shard) {
        if (limits.forcedThrottleRatio() > 0) {
            boolean forced;
            synchronized (random) {
                forced = random.nextDouble() < limits.forcedThrottleRatio();
            }
            if (forced) {
                return LimitVerdict.FORCED;
            }
        }
        Buckets b = buckets(shard);
        synchronized (b) {
            long now = clock.getAsLong();
            if (b.bytes.available(now) <= 0) {
                return LimitVerdict.BYTE_RATE;
            }
            return b.calls.tryTake(1, now) ? LimitVerdict.ADMITTED : LimitVerdict.CALL_RATE;
        }
    }

    /** Charges the data bytes an admitted call returned; may leave the shard in debt. */
    void charge(String shard, long bytes) {
        Buckets b = buckets(shard);
        synchronized (b) {
            b.bytes.take(bytes, clock.getAsLong());
        }
    }

    private Buckets buckets(String shard) {
        return shards.computeIfAbsent(shard, k -> new Buckets(clock.getAsLong()));
    }

    private final class Buckets {
        final TokenBucket calls;
        final TokenBucket bytes;

        Buckets(long now) {
            calls = new TokenBucket(limits.callsPerSecond(), limits.callsPerSecond(), now);
            bytes = new TokenBucket(limits.bytesPerSecond(), limits.bytesPerSecond(), now);
        }
    }
}
