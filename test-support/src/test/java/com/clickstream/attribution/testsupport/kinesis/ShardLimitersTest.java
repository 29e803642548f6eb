package com.clickstream.attribution.testsupport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The limiter logic on a hand-driven clock: no server, no sleeping. */
class ShardLimitersTest {

    private static final long MS = 1_000_000L;
    private static final long MIB = 1024L * 1024;
    private static final Offset<Double> NEAR = Offset.offset(1e-6);

    /** A clock the test moves. */
    private static final class Clock {
        long nanos = 1_000 * MS;

        long now() {
            return nanos;
        }

        void advanceMillis(long ms) {
            nanos += ms * MS;
        }
    }

    @Test
    void aBucketStartsFullRefillsContinuouslyAndNeverHoldsMoreThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);

        assertThat(bucket.tryTake(10, 0)).isTrue();
        assertThat(bucket.tryTake(1, 0)).isFalse();
        assertThat(bucket.available(50 * MS)).isCloseTo(0.5, NEAR);
        assertThat(bucket.tryTake(1, 110 * MS)).isTrue();
        assertThat(bucket.available(60_000 * MS)).isEqualTo(10);
    }

    @Test
    void aBucketCanGoIntoDebtAndRefillsPayItOffFirst() {
        TokenBucket bucket = new TokenBucket(2, 2, 0);

        bucket.take(10, 0);

        assertThat(bucket.available(0)).isCloseTo(-8, NEAR);
        assertThat(bucket.available(3_000 * MS)).isCloseTo(-2, NEAR);
        assertThat(bucket.available(4_000 * MS)).isCloseTo(0, NEAR);
        assertThat(bucket.available(5_000 * MS)).isCloseTo(2, NEAR);
    }

    @Test
    void writesAdmitOneSecondsWorthOfRecordsPerShardThenTheRefill() {
        Clock clock = new Clock();
        ShardWriteLimiter limiter = new ShardWriteLimiter(ShardWriteLimits.AWS, clock::now);

        int admitted = 0;
        for (int i = 0; i < 1500; i++) {
            admitted += limiter.tryAcquire("clicks/shard-0", 100) == LimitVerdict.ADMITTED ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(1000);
        assertThat(limiter.tryAcquire("clicks/shard-0", 100)).isEqualTo(LimitVerdict.RECORD_RATE);
        assertThat(limiter.tryAcquire("clicks/shard-1", 100)).as("another shard has its own budget")
                .isEqualTo(LimitVerdict.ADMITTED);

        clock.advanceMillis(100);
        admitted = 0;
        for (int i = 0; i < 500; i++) {
            admitted += limiter.tryAcquire("clicks/shard-0", 100) == LimitVerdict.ADMITTED ? 1 : 0;
        }
        assertThat(admitted).as("100 ms refill 100 records").isBetween(99, 100);
    }

    @Test
    void writesAreAlsoLimitedByBytesAndARejectedEntryCostsNothing() {
        Clock clock = new Clock();
        ShardWriteLimiter limiter = new ShardWriteLimiter(ShardWriteLimits.AWS, clock::now);

        assertThat(limiter.tryAcquire("s/0", 600 * 1024)).isEqualTo(LimitVerdict.ADMITTED);
        assertThat(limiter.tryAcquire("s/0", 600 * 1024)).as("over the MiB").isEqualTo(LimitVerdict.BYTE_RATE);
        assertThat(limiter.tryAcquire("s/0", 400 * 1024)).as("the rejected one took nothing")
                .isEqualTo(LimitVerdict.ADMITTED);
    }

    @Test
    void forcedWriteThrottlingRejectsAboutTheRatioOfEntriesRepeatablyForASeed() {
        ShardWriteLimits limits = new ShardWriteLimits(1_000_000, 1L << 40, 0, 0).withForcedThrottling(0.1, 7);
        ShardWriteLimiter first = new ShardWriteLimiter(limits, new Clock()::now);
        ShardWriteLimiter second = new ShardWriteLimiter(limits, new Clock()::now);

        List<LimitVerdict> a = new ArrayList<>();
        List<LimitVerdict> b = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            a.add(first.tryAcquire("s/0", 100));
            b.add(second.tryAcquire("s/0", 100));
        }

        assertThat(a.stream().filter(v -> v == LimitVerdict.FORCED).count()).isBetween(140L, 260L);
        assertThat(a).containsOnly(LimitVerdict.ADMITTED, LimitVerdict.FORCED).isEqualTo(b);
    }

    @Test
    void readsAdmitFiveCallsPerSecondPerShardSharedByEveryCaller() {
        Clock clock = new Clock();
        ShardReadLimiter limiter = new ShardReadLimiter(ShardReadLimits.AWS, clock::now);

        List<LimitVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            verdicts.add(limiter.tryAdmit("clicks/shard-0"));
        }
        assertThat(verdicts).containsExactly(LimitVerdict.ADMITTED, LimitVerdict.ADMITTED, LimitVerdict.ADMITTED, LimitVerdict.ADMITTED,
                LimitVerdict.ADMITTED, LimitVerdict.CALL_RATE, LimitVerdict.CALL_RATE);
        assertThat(limiter.tryAdmit("clicks/shard-1")).isEqualTo(LimitVerdict.ADMITTED);
        assertThat(limiter.tryAdmit("checkouts/shard-0")).isEqualTo(LimitVerdict.ADMITTED);

        clock.advanceMillis(210);
        assertThat(limiter.tryAdmit("clicks/shard-0")).as("one call refilled after 200 ms").isEqualTo(LimitVerdict.ADMITTED);
        assertThat(limiter.tryAdmit("clicks/shard-0")).isEqualTo(LimitVerdict.CALL_RATE);
    }

    @Test
    void aReadThatReturnedMoreThanTheByteBudgetThrottlesTheShardUntilTheDebtIsPaid() {
        Clock clock = new Clock();
        ShardReadLimiter limiter = new ShardReadLimiter(ShardReadLimits.AWS, clock::now);

        assertThat(limiter.tryAdmit("s/0")).isEqualTo(LimitVerdict.ADMITTED);
        limiter.charge("s/0", 10 * MIB); // AWS: a 10 MiB answer throttles the shard for ~5 s

        clock.advanceMillis(1000);
        assertThat(limiter.tryAdmit("s/0")).isEqualTo(LimitVerdict.BYTE_RATE);
        assertThat(limiter.tryAdmit("s/1")).as("other shards are not affected").isEqualTo(LimitVerdict.ADMITTED);
        clock.advanceMillis(2900);
        assertThat(limiter.tryAdmit("s/0")).as("still 0.2 MiB in debt").isEqualTo(LimitVerdict.BYTE_RATE);
        clock.advanceMillis(200);
        assertThat(limiter.tryAdmit("s/0")).isEqualTo(LimitVerdict.ADMITTED);
    }

    @Test
    void forcedThrottlingRejectsAboutTheRatioRepeatablyForASeed() {
        ShardReadLimits limits = new ShardReadLimits(1_000_000, 1L << 40, 0, 0).withForcedThrottling(0.3, 99);

        List<LimitVerdict> first = draw(new ShardReadLimiter(limits, new Clock()::now), 2000);
        List<LimitVerdict> second = draw(new ShardReadLimiter(limits, new Clock()::now), 2000);

        long forced = first.stream().filter(v -> v == LimitVerdict.FORCED).count();
        assertThat(forced).isBetween(500L, 700L);
        assertThat(first).doesNotContain(LimitVerdict.CALL_RATE, LimitVerdict.BYTE_RATE).isEqualTo(second);
        assertThat(draw(new ShardReadLimiter(ShardReadLimits.AWS.withForcedThrottling(1, 1), new Clock()::now), 10))
                .containsOnly(LimitVerdict.FORCED);
    }

    @Test
    void limitsRefuseNonsense() {
        assertThatThrownBy(() -> new ShardWriteLimits(1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardWriteLimits.AWS.withForcedThrottling(-0.1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShardReadLimits(0, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardReadLimits.AWS.withForcedThrottling(1.5, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardReadLimits.AWS.withForcedThrottling(Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void iteratorsMapToTheirShardAndTheOldestAreForgottenPastTheCapacity() {
        ShardIterators iterators = new ShardIterators(3);
        iterators.remember("it-1", "clicks/shard-0");
        iterators.remember("it-2", "clicks/shard-0");
        iterators.remember("it-3", "checkouts/shard-1");
        assertThat(iterators.shardOf("it-1")).isEqualTo("clicks/shard-0"); // it-1 is now the most recent

        iterators.remember("it-4", "clicks/shard-1");

        assertThat(iterators.size()).isEqualTo(3);
        assertThat(iterators.shardOf("it-2")).isNull();
        assertThat(iterators.shardOf("it-1")).isEqualTo("clicks/shard-0");
        assertThat(iterators.shardOf("it-4")).isEqualTo("clicks/shard-1");
        assertThat(iterators.shardOf(null)).isNull();
    }

    @Test
    void aThrottleIsAnsweredWithTheJsonErrorShapeBothSdksParse() {
        Object parsed = ShardLimitProxy.parseObject(ShardLimitProxy.errorJson("ProvisionedThroughputExceededException",
                "Rate exceeded for Shard - 000000000000/clicks/shardId-000000000000.")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(parsed).isEqualTo(Map.of("__type", "ProvisionedThroughputExceededException",
                "message", "Rate exceeded for Shard - 000000000000/clicks/shardId-000000000000."));
    }

    private static List<LimitVerdict> draw(ShardReadLimiter limiter, int n) {
        List<LimitVerdict> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(limiter.tryAdmit("s/0"));
        }
        return out;
    }
}
