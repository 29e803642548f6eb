package com.clickstream.attribution.reconciler.curated;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which curated runs retention deletes: old enough AND covered by newer runs, never a run whose range only it holds. */
class CuratedRetentionTest {

    static final Instant NOW = Instant.parse("2024-04-01T00:00:00Z");
    static final CuratedRetention THIRTY_DAYS = new CuratedRetention(Duration.ofDays(30));

    static RunManifest run(long id, String from, String to, String created) {
        return new RunManifest(id, "avro", from + "T00:00:00Z", to + "T00:00:00Z", "1h", "1", Map.of(), created, 4, 0, 0,
                List.of(), 0, 0, 0, 0, Map.of(), List.of(), created, null);
    }

    @Test
    void anOldRunCoveredByNewerRunsGoesAndOneWithAnUncoveredDayStays() {
        RunManifest old = run(1, "2024-02-01", "2024-02-04", "2024-02-04T02:30:00Z");
        RunManifest a = run(2, "2024-02-01", "2024-02-03", "2024-02-05T02:30:00Z");
        RunManifest b = run(3, "2024-02-03", "2024-02-06", "2024-03-30T02:30:00Z");

        // old is covered by a and b together; a's first two days only by nothing newer
        assertThat(THIRTY_DAYS.expired(List.of(b, old, a), NOW)).containsExactly(old);
    }

    @Test
    void anOldRunWhoseRangeNoNewerRunCoversStays() {
        RunManifest old = run(1, "2024-02-01", "2024-02-04", "2024-02-04T02:30:00Z");
        RunManifest gap = run(2, "2024-02-01", "2024-02-02", "2024-03-30T02:30:00Z");
        RunManifest later = run(3, "2024-02-03", "2024-02-05", "2024-03-30T02:30:00Z");

        assertThat(THIRTY_DAYS.expired(List.of(old, gap, later), NOW)).isEmpty();
    }

    @Test
    void aCoveredRunYoungerThanTheRetentionStays() {
        RunManifest recent = run(1, "2024-03-20", "2024-03-23", "2024-03-23T02:30:00Z");
        RunManifest newer = run(2, "2024-03-19", "2024-03-24", "2024-03-24T02:30:00Z");

        assertThat(THIRTY_DAYS.expired(List.of(recent, newer), NOW)).isEmpty();
    }
}
