package com.clickstream.attribution.generator.sink;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * How long and how often a sink retries: exponential backoff with full jitter (the wait before
 * retry {@code n} is uniform in {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}, the scheme AWS
 * recommends for throttled clients: it spreads competing producers out instead of letting them
 * retry in lock step).
 *
 * @param baseDelay   ceiling of the first wait (default 100 ms)
 * @param maxDelay    cap of every wait (default 5 s)
 * @param maxAttempts calls per record at most, the first one included (default 10); a record still
 *                    rejected after that is given up and reported through {@link SinkException}.
 *                    With the defaults the waits add up to at most 21.3 s (10.65 s on average).
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, int maxAttempts) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 10);

    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is below baseDelay " + baseDelay);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** No retries at all: the first rejection is final. */
    public static RetryPolicy noRetries() {
        return new RetryPolicy(Duration.ZERO, Duration.ZERO, 1);
    }

    /** The upper bound of the wait before retry {@code retry} (1 = the first retry): {@code min(max, base * 2^(retry-1))}. */
    public Duration ceilingBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, was " + retry);
        }
        long base = baseDelay.toNanos();
        long cap = maxDelay.toNanos();
        int shift = retry - 1;
        // base * 2^shift without overflow: once it would pass the cap, the cap it is.
        if (base == 0) {
            return Duration.ZERO;
        }
        if (shift >= 63 || base > (cap >> Math.min(shift, 62))) {
            return maxDelay;
        }
        return Duration.ofNanos(Math.min(cap, base << shift));
    }

    /** The jittered wait before retry {@code retry}: uniform in {@code [0, ceilingBeforeRetry(retry)]}. */
    public Duration backoffBeforeRetry(int retry, Random random) {
        long ceiling = ceilingBeforeRetry(retry).toNanos();
        return Duration.ofNanos(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
    }

    /** The longest a record can spend waiting between its attempts: the sum of all ceilings. */
    public Duration worstCaseTotalWait() {
        Duration total = Duration.ZERO;
        for (int retry = 1; retry < maxAttempts; retry++) {
            total = total.plus(ceilingBeforeRetry(retry));
        }
        return total;
    }
}
