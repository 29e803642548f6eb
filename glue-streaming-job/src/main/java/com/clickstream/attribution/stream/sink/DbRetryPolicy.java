package com.clickstream.attribution.stream.sink;

import com.clickstream.attribution.stream.job.JobArguments;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When the sink retries a failed batch transaction and how long it waits: errors that a new
 * connection can cure (the server restarting, failing over, refusing connections for a while, a
 * deadlock or serialization failure) are retried with capped exponential backoff and jitter for a
 * time budget ({@code --db_retry_for}); every other error fails at once. Pure: the caller supplies
 * the elapsed time and the random draw ({@link DbRetrier} does), so it is tested without sleeping.
 *
 * @param budget   how long after the first failure a batch is still retried; {@link Duration#ZERO}
 *                 = never retry
 * @param firstWait the backoff before the first retry (before jitter)
 * @param maxWait   the cap of the backoff (before jitter)
 */
public record DbRetryPolicy(Duration budget, Duration firstWait, Duration maxWait) {

    /** Long enough to ride out a restart or a Multi-AZ failover (typically 1-2 minutes). */
    public static final Duration DEFAULT_BUDGET = JobArguments.DEFAULT_DB_RETRY_FOR;
    public static final Duration DEFAULT_FIRST_WAIT = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

    public DbRetryPolicy {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(firstWait, "firstWait");
        Objects.requireNonNull(maxWait, "maxWait");
        if (budget.isNegative() || firstWait.isNegative() || firstWait.isZero() || maxWait.compareTo(firstWait) < 0) {
            throw new IllegalArgumentException("need budget >= 0 and 0 < firstWait <= maxWait: " + budget + ", "
                    + firstWait + ", " + maxWait);
        }
    }

    /** The default backoff with the given budget. */
    public static DbRetryPolicy retryingFor(Duration budget) {
        return new DbRetryPolicy(budget, DEFAULT_FIRST_WAIT, DEFAULT_MAX_WAIT);
    }

    /**
     * SQLSTATEs a retry on a new connection can cure: class 08 (connection exception: refused =
     * 08001, broken = 08006, ...), 57P01/57P02/57P03 (admin or crash shutdown, "the database system
     * is starting up"), 53300 (too many connections), 40001/40P01 (serialization failure, deadlock).
     * A batch is one transaction, so re-running it is safe.
     */
    public static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300") || state.equals("40001") || state.equals("40P01"));
    }

    /**
     * The wait before retry number {@code retry} (1 = the first retry), or empty to give up: the
     * error is not retryable, or {@code elapsed} (since the first failure) has used the budget.
     * The backoff doubles from {@link #firstWait} up to {@link #maxWait}; "equal jitter" then keeps
     * between half and all of it ({@code random} in [0, 1)), so restarted writers do not retry in step
     * yet never hammer the server. The wait never runs past the budget.
     */
    public Optional<Duration> waitBefore(int retry, SQLException error, Duration elapsed, double random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1: " + retry);
        }
        if (!isRetryable(error) || elapsed.compareTo(budget) >= 0) {
            return Optional.empty();
        }
        Duration backoff = backoff(retry);
        Duration jittered = backoff.dividedBy(2).plus(Duration.ofNanos((long) (backoff.toNanos() / 2.0 * random)));
        Duration left = budget.minus(elapsed);
        return Optional.of(jittered.compareTo(left) > 0 ? left : jittered);
    }

    /** firstWait * 2^(retry-1), capped at maxWait (before jitter). */
    Duration backoff(int retry) {
        Duration wait = firstWait;
        for (int i = 1; i < retry && wait.compareTo(maxWait) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }
}
