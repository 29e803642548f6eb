package com.clickstream.attribution.stream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry loop on a fake clock: sleeping advances it, nothing really waits. */
class DbRetrierTest {

    private static final DbRetryPolicy ONE_MINUTE = DbRetryPolicy.retryingFor(Duration.ofMinutes(1));

    private long now = 1_000_000_000L;
    private final List<Duration> waits = new ArrayList<>();
    private final AtomicInteger failuresSeen = new AtomicInteger();

    private DbRetrier retrier(DbRetryPolicy policy) {
        return new DbRetrier(policy, d -> {
            waits.add(d);
            now += d.toNanos();
        }, () -> now, () -> 0.5);
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aServerThatComesBackIsWaitedForWithGrowingBackoff() throws SQLException {
        AtomicInteger calls = new AtomicInteger();
        String result = retrier(ONE_MINUTE).call("batch 3", () -> {
            if (calls.incrementAndGet() <= 5) {
                throw new SQLException(calls.get() == 1 ? "terminating connection" : "connection refused",
                        calls.get() == 1 ? "57P01" : "08001");
            }
            return "written";
        }, failuresSeen::incrementAndGet);

        assertThat(result).isEqualTo("written");
        assertThat(calls).hasValue(6);
        assertThat(failuresSeen).as("the broken connection is dropped after every failure").hasValue(5);
        // 0.75 x (200, 400, 800, 1600, 3200) ms
        assertThat(waits).containsExactly(Duration.ofMillis(150), Duration.ofMillis(300), Duration.ofMillis(600),
                Duration.ofMillis(1200), Duration.ofMillis(2400));
    }

    @Test
    void aServerThatStaysDownIsGivenUpOnWhenTheBudgetIsUsed() {
        AtomicInteger calls = new AtomicInteger();
        long start = now;
        assertThatThrownBy(() -> retrier(ONE_MINUTE).call("batch 3", () -> {
            calls.incrementAndGet();
            throw new SQLException("connection refused", "08001");
        }, failuresSeen::incrementAndGet)).isInstanceOf(SQLException.class).hasMessage("connection refused");

        Duration waited = waits.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(waited).isEqualTo(Duration.ofMinutes(1));
        assertThat(Duration.ofNanos(now - start)).isEqualTo(Duration.ofMinutes(1));
        assertThat(waits).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofMillis(7_500)));
        assertThat(calls.get()).isEqualTo(waits.size() + 1).isGreaterThan(5);
    }

    @Test
    void aNonRetryableErrorIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier(ONE_MINUTE).call("batch 3", () -> {
            calls.incrementAndGet();
            throw new SQLException("new row violates check constraint", "23514");
        }, failuresSeen::incrementAndGet)).hasMessageContaining("check constraint");
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
        assertThat(failuresSeen).hasValue(1);
    }

    @Test
    void aRetryableErrorThenANonRetryableOneStopsAtTheSecond() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier(ONE_MINUTE).call("batch 3", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new SQLException("deadlock detected", "40P01");
            }
            throw new SQLException("permission denied", "42501");
        }, failuresSeen::incrementAndGet)).hasMessage("permission denied");
        assertThat(calls).hasValue(2);
        assertThat(waits).hasSize(1);
    }

    @Test
    void anInterruptDuringAWaitEndsTheRetriesWithTheFailure() {
        DbRetrier interrupted = new DbRetrier(ONE_MINUTE, d -> {
            throw new InterruptedException("query stopped");
        }, () -> now, () -> 0.5);
        assertThatThrownBy(() -> interrupted.call("batch 3", () -> {
            throw new SQLException("connection refused", "08001");
        }, () -> { })).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
