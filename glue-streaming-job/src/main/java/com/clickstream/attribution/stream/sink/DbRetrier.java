package com.clickstream.attribution.stream.sink;

import com.clickstream.attribution.core.config.Durations;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one database call again and again as {@link DbRetryPolicy} allows, logging every retry with
 * its wait. The clock, the sleep and the jitter are injected so the loop is tested without waiting.
 */
public final class DbRetrier {

    /** A call that may fail with a {@link SQLException}. */
    @FunctionalInterface
    public interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** Waits; {@code Thread::sleep} in production. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(DbRetrier.class);

    private final DbRetryPolicy policy;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;

    public DbRetrier(DbRetryPolicy policy) {
        this(policy, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000), System::nanoTime,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    DbRetrier(DbRetryPolicy policy, Sleeper sleeper, LongSupplier nanoTime, DoubleSupplier random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.random = Objects.requireNonNull(random, "random");
    }

    public DbRetryPolicy policy() {
        return policy;
    }

    /**
     * Returns what {@code call} returns, retrying it after a retryable failure; {@code afterFailure}
     * runs after every failure (e.g. to drop the broken connection). Throws the first
     * non-retryable failure, or the last one when the budget is used up (the earlier ones are not
     * lost: each was logged). An interrupt during a wait (the query being stopped) ends the retries
     * and throws the failure with the thread's interrupt flag set.
     */
    public <T> T call(String what, SqlCall<T> call, Runnable afterFailure) throws SQLException {
        long firstFailure = 0;
        for (int retry = 1; ; retry++) {
            try {
                T result = call.call();
                if (retry > 1) {
                    log.info("{}: succeeded on retry {} after {} ms of failures", what, retry - 1,
                            Duration.ofNanos(nanoTime.getAsLong() - firstFailure).toMillis());
                }
                return result;
            } catch (SQLException e) {
                afterFailure.run();
                long now = nanoTime.getAsLong();
                if (retry == 1) {
                    firstFailure = now;
                }
                Duration elapsed = Duration.ofNanos(now - firstFailure);
                Optional<Duration> wait = policy.waitBefore(retry, e, elapsed, random.getAsDouble());
                if (wait.isEmpty()) {
                    if (DbRetryPolicy.isRetryable(e)) {
                        log.error("{}: giving up after {} attempts over {} ms (retry budget {}): {} {}", what, retry,
                                elapsed.toMillis(), Durations.format(policy.budget()), e.getSQLState(), e.getMessage());
                    }
                    throw e;
                }
                log.warn("{}: attempt {} failed ({} {}); retrying in {} ms on a new connection ({} ms of the {} "
                                + "retry budget used)", what, retry, e.getSQLState(), e.getMessage(),
                        wait.get().toMillis(), elapsed.toMillis(), Durations.format(policy.budget()));
                try {
                    sleeper.sleep(wait.get());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(interrupted);
                    throw e;
                }
            }
        }
    }
}
