package com.clickstream.attribution.testsupport.kinesis;

/**
 * A token bucket refilled continuously at {@code ratePerSecond} up to {@code capacity}, starting
 * full. {@link #take} may drive it below zero: a debt that later refills pay off first, which is
 * how Kinesis treats a GetRecords call that returned more bytes than the shard had left ("if a call
 * returns 10 MiB, calls made within the next 5 seconds throw ProvisionedThroughputExceededException").
 * Time comes from the caller (nanoseconds of one monotonic clock), so tests can drive it. Not
 * thread-safe: the limiters lock around it.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        if (ratePerSecond <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("rate and capacity must be positive");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Tokens now; negative while a debt is being paid off. */
    double available(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }

    /** Takes {@code n} tokens if that many are there; else takes none. */
    boolean tryTake(double n, long nowNanos) {
        refill(nowNanos);
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }

    /** Takes {@code n} tokens whatever is there, possibly leaving a debt. */
    void take(double n, long nowNanos) {
        refill(nowNanos);
        tokens -= n;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}
