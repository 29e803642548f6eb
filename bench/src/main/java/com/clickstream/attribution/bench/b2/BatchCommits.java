package com.clickstream.attribution.bench.b2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The micro-batches the sink committed (one ecommerce.stream_progress row each), with the wall-clock
 * time the parent's poller first saw the row: the moment the batch's rows became visible (to within
 * one poll interval). Batches commit in batch-id order, so the list is ordered by visibility.
 */
final class BatchCommits {

    /**
     * @param committedMicros the row's {@code committed_at}: {@code now()} of the sink's transaction,
     *                        the same value as {@code updated_at} of every checkout row it wrote
     * @param visibleMicros   when the poller first saw it (wall clock)
     */
    record Commit(long batchId, long committedMicros, long visibleMicros, long eventsIn, long rejected,
            long lateDropped, long rowsWritten) {
    }

    private final List<Commit> commits = new ArrayList<>();

    synchronized void add(Commit c) {
        commits.add(c);
    }

    synchronized List<Commit> all() {
        return new ArrayList<>(commits);
    }

    synchronized long eventsIn() {
        return commits.stream().mapToLong(Commit::eventsIn).sum();
    }

    synchronized long lastBatchId() {
        return commits.isEmpty() ? -1 : commits.get(commits.size() - 1).batchId();
    }

    /** committed_at -> the commit; two batches with the same now() would make the join ambiguous. */
    synchronized Map<Long, Commit> byCommittedMicros() {
        Map<Long, Commit> map = new HashMap<>();
        for (Commit c : commits) {
            if (map.put(c.committedMicros(), c) != null) {
                throw new IllegalStateException("two batches committed at the same microsecond " + c.committedMicros());
            }
        }
        return map;
    }

    /** Commits visible in {@code (fromMicros, toMicros]}. */
    synchronized List<Commit> visibleIn(long fromMicros, long toMicros) {
        return commits.stream().filter(c -> c.visibleMicros() > fromMicros && c.visibleMicros() <= toMicros).toList();
    }

    /**
     * Records processed per second over {@code [fromMicros, toMicros]}: the growth of the cumulative
     * count of records committed, which is interpolated linearly between two commits (a batch's
     * records are taken as processed evenly since the previous commit), divided by the window length.
     */
    synchronized double rate(long fromMicros, long toMicros) {
        return (cumulativeAt(toMicros) - cumulativeAt(fromMicros)) / ((toMicros - fromMicros) / 1e6);
    }

    /**
     * Records processed per second over {@code [fromMicros, toMicros]}, less sensitive to the jitter of
     * single batches: the least-squares slope of the cumulative count over the commits in the window
     * (each batch's duration shifts its point; a line through all of them averages that out), or
     * {@link #rate} when fewer than 3 commits fall in it.
     */
    synchronized double fittedRate(long fromMicros, long toMicros) {
        List<double[]> points = new ArrayList<>();
        long cumulative = 0;
        for (Commit c : commits) {
            cumulative += c.eventsIn();
            if (c.visibleMicros() >= fromMicros && c.visibleMicros() <= toMicros) {
                points.add(new double[] {(c.visibleMicros() - fromMicros) / 1e6, cumulative});
            }
        }
        if (points.size() < 3) {
            return rate(fromMicros, toMicros);
        }
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = points.stream().mapToDouble(p -> (p[0] - mx) * (p[1] - my)).sum();
        double sxx = points.stream().mapToDouble(p -> (p[0] - mx) * (p[0] - mx)).sum();
        return sxx == 0 ? rate(fromMicros, toMicros) : sxy / sxx;
    }

    private double cumulativeAt(long micros) {
        long before = 0;
        long prevTime = Long.MIN_VALUE;
        for (Commit c : commits) {
            long after = before + c.eventsIn();
            if (c.visibleMicros() >= micros) {
                if (prevTime == Long.MIN_VALUE || c.visibleMicros() == prevTime) {
                    return before;
                }
                double f = (double) (micros - prevTime) / (c.visibleMicros() - prevTime);
                return before + f * c.eventsIn();
            }
            before = after;
            prevTime = c.visibleMicros();
        }
        return before;
    }
}
