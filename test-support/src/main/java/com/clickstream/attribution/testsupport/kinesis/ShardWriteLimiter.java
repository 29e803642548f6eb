package com.clickstream.attribution.testsupport.kinesis;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The AWS per-shard WRITE limits: records per second and bytes per second (data blob + partition
 * key), each a {@link TokenBucket} holding one second's worth. An entry is admitted only if both
 * buckets have room for it; a rejected entry costs nothing (it was not stored). On top,
 * {@link ShardWriteLimits#forcedThrottleRatio()} of the entries are rejected at random (seeded).
 */
final class ShardWriteLimiter {

    private final ShardWriteLimits limits;
    private final LongSupplier clock;
    private final Random random;
    private final Map<String, Buckets> shards = new ConcurrentHashMap<>();

    ShardWriteLimiter(ShardWriteLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.clock = nanoClock;
        this.random = new Random(limits.seed());
    }

    /** Charges one record of {@code recordBytes} to {@code shard} (stream/shard id) if it fits, or says why not. */
    LimitVerdict tryAcquire(String shard, long recordBytes) {
        if (limits.forcedThrottleRatio() > 0) {
            synchronized (random) {
                if (random.nextDouble() < limits.forcedThrottleRatio()) {
                    return LimitVerdict.FORCED;
                }
            }
        }
        Buckets b = shards.computeIfAbsent(shard, k -> new Buckets(clock.getAsLong()));
        synchronized (b) {
            long now = clock.getAsLong();
            if (b.records.available(now) < 1) {
                return LimitVerdict.RECORD_RATE;
            }
            if (b.bytes.available(now) < recordBytes) {
                return LimitVerdict.BYTE_RATE;
            }
            b.records.take(1, now);
            b.bytes.take(recordBytes, now);
            return LimitVerdict.ADMITTED;
        }
    }

    private final class Buckets {
        final TokenBucket records;
        final TokenBucket bytes;

        Buckets(long now) {
            records = new TokenBucket(limits.recordsPerSecond(), limits.recordsPerSecond(), now);
            bytes = new TokenBucket(limits.bytesPerSecond(), limits.bytesPerSecond(), now);
        }
    }
}
