package com.clickstream.attribution.reconciler.curated;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Which runs' curated files may go ({@code reconciler.curated.retention}). A run is deleted when it is older
 * than the retention AND the ranges of newer runs cover its whole range: analysts then lose no checkout's
 * latest answer (every checkout of the run has a newer answer), only superseded ones. A run whose range no
 * newer run covers stays, however old, until its range is reconciled again.
 */
public final class CuratedRetention {

    private final Duration retention;

    public CuratedRetention(Duration retention) {
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /** The runs of {@code manifests} to delete at {@code now}. */
    public List<RunManifest> expired(List<RunManifest> manifests, Instant now) {
        List<RunManifest> byRun = new ArrayList<>(manifests);
        byRun.sort(Comparator.comparingLong(RunManifest::runId));
        Instant cutOff = now.minus(retention);
        List<RunManifest> expired = new ArrayList<>();
        for (int i = 0; i < byRun.size(); i++) {
            RunManifest run = byRun.get(i);
            if (Instant.parse(run.createdAt()).isBefore(cutOff) && coveredBy(run, byRun.subList(i + 1, byRun.size()))) {
                expired.add(run);
            }
        }
        return expired;
    }

    /** True when the union of the newer runs' ranges contains {@code run}'s range. */
    static boolean coveredBy(RunManifest run, List<RunManifest> newer) {
        List<Instant[]> ranges = new ArrayList<>();
        for (RunManifest n : newer) {
            ranges.add(new Instant[] {Instant.parse(n.rangeFrom()), Instant.parse(n.rangeTo())});
        }
        ranges.sort(Comparator.comparing(r -> r[0]));
        Instant covered = Instant.parse(run.rangeFrom()); // everything before this is covered
        Instant end = Instant.parse(run.rangeTo());
        for (Instant[] r : ranges) {
            if (r[0].isAfter(covered)) {
                break; // a gap
            }
            if (r[1].isAfter(covered)) {
                covered = r[1];
            }
            if (!covered.isBefore(end)) {
                return true;
            }
        }
        return !covered.isBefore(end);
    }
}
