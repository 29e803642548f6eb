package com.clickstream.attribution.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report's checks compare counts kept by different parts of the pipeline: one record lost or
 * doubled anywhere must turn "adds up" into NO. A run of 1,000 records: 900 distinct clicks, 60
 * distinct checkouts, 30 duplicate copies, 10 rejected.
 */
class PipelineReportTest {

    private static final Map<String, Long> REJECTED = Map.of("not_json", 6L, "missing_field", 4L);

    /** Every part agrees. */
    private static PipelineReport run(long streamRead, Map<String, Long> deadLetters, long landed, long landedRejected,
            long reconcilerRead, long reconcilerCheckouts, long tableRows, long agreeing) {
        return new PipelineReport(1_000, REJECTED, deadLetters, 30, 900, 60, streamRead, 0, landed, landedRejected,
                reconcilerRead, reconcilerCheckouts, tableRows, tableRows - 5, 5, agreeing, tableRows, Map.of(),
                Map.of(), Map.of(), "psql");
    }

    private static PipelineReport complete() {
        return run(1_000, REJECTED, 990, 10, 990, 60, 60, 58);
    }

    @Test
    void aRunWhereEveryPartCountedEveryRecordAddsUp() {
        assertThat(complete().recordsAddUp()).isTrue();
        assertThat(complete().checkoutsAddUp()).isTrue();
        assertThat(complete().render()).contains("adds up                  yes").contains("adds up: yes")
                .contains("landed in S3 990 events + 10 rejected; reconciler read 990");
    }

    @Test
    void aRecordTheStreamDidNotReadSaysNo() {
        PipelineReport report = run(999, REJECTED, 990, 10, 990, 60, 60, 58);
        assertThat(report.recordsAddUp()).isFalse();
        assertThat(report.render()).contains("adds up                  NO");
    }

    @Test
    void aRejectionWithoutItsDeadLetterSaysNo() {
        assertThat(run(1_000, Map.of("not_json", 6L, "missing_field", 3L), 990, 10, 990, 60, 60, 58).recordsAddUp())
                .isFalse();
        // same total, wrong reason
        assertThat(run(1_000, Map.of("not_json", 7L, "missing_field", 3L), 990, 10, 990, 60, 60, 58).recordsAddUp())
                .isFalse();
    }

    @Test
    void anEventTheLandingDidNotWriteToS3SaysNo() {
        assertThat(run(1_000, REJECTED, 989, 10, 989, 60, 60, 58).recordsAddUp()).isFalse();
        assertThat(run(1_000, REJECTED, 991, 9, 991, 60, 60, 58).recordsAddUp()).isFalse();
    }

    @Test
    void aLandedEventTheReconcilerDidNotReadSaysNo() {
        assertThat(run(1_000, REJECTED, 990, 10, 989, 60, 60, 58).recordsAddUp()).isFalse();
    }

    @Test
    void aCheckoutMissingFromTheTableOrFromTheReconcilerSaysNo() {
        PipelineReport missingRow = run(1_000, REJECTED, 990, 10, 990, 60, 59, 58);
        assertThat(missingRow.checkoutsAddUp()).isFalse();
        assertThat(missingRow.render()).contains("adds up: NO");
        assertThat(run(1_000, REJECTED, 990, 10, 990, 59, 60, 58).checkoutsAddUp()).isFalse();
    }

    @Test
    void aStreamOnlyRunIsNotJudgedOnWhatOnlyTheReconcilerCounts() {
        PipelineReport streamOnly = run(1_000, REJECTED, 990, 10, -1, -1, 57, -1);
        assertThat(streamOnly.recordsAddUp()).isTrue();
        assertThat(streamOnly.render()).contains("n/a, stream only").doesNotContain("reconciler read");
    }
}
