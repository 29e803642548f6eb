package com.clickstream.attribution.bench.b2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacedLoopTest {

    @Test
    void dueIsRateTimesElapsedCappedAtTheCount() {
        assertThat(PacedLoop.due(1_000, 10_000, 0)).isZero();
        assertThat(PacedLoop.due(1_000, 10_000, 1_500_000_000L)).isEqualTo(1_500);
        assertThat(PacedLoop.due(333, 10_000, 1_000_000_000L)).isEqualTo(333);
        assertThat(PacedLoop.due(1_000, 700, 1_500_000_000L)).isEqualTo(700);
    }

    @Test
    void sendsEveryRecordOnceInOrderAtAboutTheRate() throws Exception {
        List<long[]> calls = new ArrayList<>();
        long start = System.nanoTime();
        PacedLoop.run(20_000, 5_000, 20, (from, to) -> calls.add(new long[] {from, to}));
        double seconds = (System.nanoTime() - start) / 1e9;
        long expectedFrom = 0;
        for (long[] call : calls) {
            assertThat(call[0]).isEqualTo(expectedFrom);
            assertThat(call[1]).isGreaterThan(call[0]);
            expectedFrom = call[1];
        }
        assertThat(expectedFrom).isEqualTo(5_000);
        assertThat(seconds).isGreaterThanOrEqualTo(0.24); // 5,000 at 20,000/s = 0.25 s, in 20 ms ticks
        assertThat(calls.size()).isBetween(2, 14); // a late tick sends more at once, never an extra call
    }
}
