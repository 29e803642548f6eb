package com.clickstream.attribution.generator.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    @Test
    void defaultsAre100MillisBase5SecondCapTenAttempts() {
        assertThat(policy.baseDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.maxAttempts()).isEqualTo(10);
    }

    @Test
    void ceilingDoublesFromTheBaseUntilTheCap() {
        List<Long> ceilings = new ArrayList<>();
        for (int retry = 1; retry <= 9; retry++) {
            ceilings.add(policy.ceilingBeforeRetry(retry).toMillis());
        }
        assertThat(ceilings).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
    }

    @Test
    void ceilingStaysAtTheCapForHugeRetryNumbersWithoutOverflow() {
        assertThat(policy.ceilingBeforeRetry(63)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.ceilingBeforeRetry(64)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.ceilingBeforeRetry(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
        RetryPolicy huge = new RetryPolicy(Duration.ofDays(1), Duration.ofDays(365), 5);
        assertThat(huge.ceilingBeforeRetry(40)).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void fullJitterStaysWithinZeroAndTheCeilingAndUsesTheWholeRange() {
        Random random = new Random(7);
        for (int retry = 1; retry <= 12; retry++) {
            long ceiling = policy.ceilingBeforeRetry(retry).toNanos();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < 2_000; i++) {
                long wait = policy.backoffBeforeRetry(retry, random).toNanos();
                assertThat(wait).isBetween(0L, ceiling);
                min = Math.min(min, wait);
                max = Math.max(max, wait);
            }
            // Full jitter, not "equal jitter" (ceiling/2 + random): waits come from the whole range.
            assertThat(min).as("smallest wait before retry %d", retry).isLessThan(ceiling / 20);
            assertThat(max).as("largest wait before retry %d", retry).isGreaterThan(ceiling - ceiling / 20);
        }
    }

    @Test
    void aSeedMakesTheWaitsReproducible() {
        Random first = new Random(42);
        Random second = new Random(42);
        for (int retry = 1; retry <= 9; retry++) {
            assertThat(policy.backoffBeforeRetry(retry, first)).isEqualTo(policy.backoffBeforeRetry(retry, second));
        }
    }

    @Test
    void worstCaseTotalWaitIsTheSumOfTheCeilingsOfTheRetries() {
        // 9 retries: 0.1 + 0.2 + 0.4 + 0.8 + 1.6 + 3.2 + 5 + 5 + 5
        assertThat(policy.worstCaseTotalWait()).isEqualTo(Duration.ofMillis(21_300));
        assertThat(RetryPolicy.noRetries().worstCaseTotalWait()).isZero();
    }

    @Test
    void zeroBaseMeansNoWaiting() {
        RetryPolicy immediate = new RetryPolicy(Duration.ZERO, Duration.ZERO, 3);
        assertThat(immediate.backoffBeforeRetry(2, new Random())).isZero();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(6), Duration.ofSeconds(5), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(-1), Duration.ofSeconds(5), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.ceilingBeforeRetry(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
