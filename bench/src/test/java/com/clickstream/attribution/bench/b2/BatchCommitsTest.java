package com.clickstream.attribution.bench.b2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BatchCommitsTest {

    private static BatchCommits.Commit commit(long id, long visibleMillis, long eventsIn) {
        return new BatchCommits.Commit(id, id * 7, visibleMillis * 1_000, eventsIn, 0, 0, 0);
    }

    @Test
    void steadyBatchesGiveTheirRateOverAnyWindow() {
        BatchCommits commits = new BatchCommits();
        for (int i = 0; i < 20; i++) { // 1,500 records every 1.5 s = 1,000/s
            commits.add(commit(i, 1_500L * (i + 1), 1_500));
        }
        assertThat(commits.rate(3_000_000, 15_000_000)).isCloseTo(1_000, within(1e-6));
        // windows that cut batches in the middle: interpolated, still exact for a steady rate
        assertThat(commits.rate(3_700_000, 11_100_000)).isCloseTo(1_000, within(1e-6));
    }

    @Test
    void aBacklogBatchIsSpreadOverTheTimeSinceThePreviousCommit() {
        BatchCommits commits = new BatchCommits();
        commits.add(commit(0, 1_000, 100));
        commits.add(commit(1, 11_000, 10_000)); // 10,000 records over 10 s
        commits.add(commit(2, 12_000, 500));
        assertThat(commits.rate(6_000_000, 11_000_000)).isCloseTo(1_000, within(1e-6));
        assertThat(commits.rate(10_000_000, 12_000_000)).isCloseTo((1_000 + 500) / 2.0, within(1e-6));
        // before the first commit nothing was counted; after the last, nothing more
        assertThat(commits.rate(0, 1_000_000)).isZero();
        assertThat(commits.rate(12_000_000, 20_000_000)).isZero();
    }

    @Test
    void theFittedRateAveragesOutTheJitterOfSingleBatches() {
        BatchCommits commits = new BatchCommits();
        // batch k reads what arrived (1,000/s) until k s and commits after 1.0 or 1.8 s, alternately
        for (int k = 1; k <= 20; k++) {
            commits.add(commit(k, 1_000L * k + (k % 2 == 0 ? 1_800 : 1_000), 1_000));
        }
        // a window that starts just after a slow batch and ends on one: the endpoints say 789/s
        assertThat(commits.rate(6_000_000, 9_800_000)).isCloseTo(3_000 / 3.8, within(1.0));
        // the line through every commit of a longer window finds the rate
        assertThat(commits.fittedRate(3_000_000, 19_000_000)).isCloseTo(1_000, within(30.0));
        // fewer than 3 commits: the interpolated rate
        assertThat(commits.fittedRate(5_500_000, 6_500_000)).isEqualTo(commits.rate(5_500_000, 6_500_000));
    }

    @Test
    void countsAndWindows() {
        BatchCommits commits = new BatchCommits();
        assertThat(commits.lastBatchId()).isEqualTo(-1);
        commits.add(commit(3, 1_000, 10));
        commits.add(commit(5, 2_000, 20));
        commits.add(commit(6, 3_000, 30));
        assertThat(commits.eventsIn()).isEqualTo(60);
        assertThat(commits.lastBatchId()).isEqualTo(6);
        assertThat(commits.visibleIn(1_000_000, 3_000_000)).extracting(BatchCommits.Commit::batchId).containsExactly(5L, 6L);
        assertThat(commits.byCommittedMicros()).containsKeys(21L, 35L, 42L);
    }

    @Test
    void twoBatchesAtTheSameMicrosecondAreRefused() {
        BatchCommits commits = new BatchCommits();
        commits.add(new BatchCommits.Commit(1, 99, 1, 1, 0, 0, 0));
        commits.add(new BatchCommits.Commit(2, 99, 2, 1, 0, 0, 0));
        assertThatThrownBy(commits::byCommittedMicros).hasMessageContaining("same microsecond");
    }
}
