package com.clickstream.attribution.stream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DbRetryPolicyTest {

    private static final DbRetryPolicy POLICY = new DbRetryPolicy(Duration.ofMinutes(5), Duration.ofMillis(200),
            Duration.ofSeconds(10));
    private static final SQLException REFUSED = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");

    @Test
    void connectionShutdownAndConcurrencyErrorsAreRetryableOthersAreNot() {
        for (String state : new String[] {"08001", "08006", "08003", "57P01", "57P02", "57P03", "53300", "40001", "40P01"}) {
            assertThat(DbRetryPolicy.isRetryable(new SQLException("x", state))).as(state).isTrue();
        }
        for (String state : new String[] {"23514", "23505", "42P01", "42501", "22001", "53100", "XX000"}) {
            assertThat(DbRetryPolicy.isRetryable(new SQLException("x", state))).as(state).isFalse();
        }
        assertThat(DbRetryPolicy.isRetryable(new SQLException("no state"))).isFalse();
    }

    @Test
    void backoffDoublesFromTheFirstWaitUpToTheCap() {
        assertThat(POLICY.backoff(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(POLICY.backoff(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(POLICY.backoff(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(POLICY.backoff(6)).isEqualTo(Duration.ofMillis(6400));
        assertThat(POLICY.backoff(7)).isEqualTo(Duration.ofSeconds(10));
        assertThat(POLICY.backoff(1_000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterKeepsBetweenHalfAndAllOfTheBackoff() {
        assertThat(POLICY.waitBefore(3, REFUSED, Duration.ZERO, 0.0)).contains(Duration.ofMillis(400));
        assertThat(POLICY.waitBefore(3, REFUSED, Duration.ZERO, 0.5)).contains(Duration.ofMillis(600));
        assertThat(POLICY.waitBefore(3, REFUSED, Duration.ZERO, 0.999_999).orElseThrow())
                .isLessThan(Duration.ofMillis(800)).isGreaterThan(Duration.ofMillis(799));
        assertThat(POLICY.waitBefore(50, REFUSED, Duration.ofMinutes(1), 1.0 - 1e-9).orElseThrow())
                .isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void retriesUntilTheBudgetIsUsedAndNeverWaitsPastIt() {
        assertThat(POLICY.waitBefore(40, REFUSED, Duration.ofSeconds(299), 0.5)).contains(Duration.ofSeconds(1));
        assertThat(POLICY.waitBefore(40, REFUSED, Duration.ofMinutes(5), 0.5)).isEmpty();
        assertThat(POLICY.waitBefore(40, REFUSED, Duration.ofMinutes(6), 0.0)).isEmpty();
    }

    @Test
    void aNonRetryableErrorOrAZeroBudgetGivesUpAtOnce() {
        assertThat(POLICY.waitBefore(1, new SQLException("check violated", "23514"), Duration.ZERO, 0.5)).isEmpty();
        assertThat(DbRetryPolicy.retryingFor(Duration.ZERO).waitBefore(1, REFUSED, Duration.ZERO, 0.5)).isEmpty();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new DbRetryPolicy(Duration.ofSeconds(-1), Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DbRetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DbRetryPolicy(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> POLICY.waitBefore(0, REFUSED, Duration.ZERO, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
