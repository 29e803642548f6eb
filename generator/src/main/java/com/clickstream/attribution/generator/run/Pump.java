package com.clickstream.attribution.generator.run;

import com.clickstream.attribution.generator.sink.EventSink;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Moves generated records into a sink in batches, either as fast as possible (backfill) or paced so
 * that arrival times map to the wall clock, optionally sped up (real-time mode: {@code speedup} 1 is
 * real time, 60 plays an hour in a minute). Reports progress at most every {@code progressEvery}.
 */
public final class Pump {

    private final EventSink sink;
    private final int batchSize;
    private final double speedup;
    private final Duration progressEvery;
    private final Consumer<RunSummary> progress;

    /**
     * @param speedup 0 = as fast as possible; otherwise event-time seconds per wall-clock second
     */
    public Pump(EventSink sink, int batchSize, double speedup, Duration progressEvery, Consumer<RunSummary> progress) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.sink = sink;
        this.batchSize = batchSize;
        this.speedup = speedup;
        this.progressEvery = progressEvery;
        this.progress = progress;
    }

    public RunSummary run(Iterator<GeneratedRecord> records) {
        RunSummary summary = new RunSummary();
        long startNanos = System.nanoTime();
        long lastProgress = startNanos;
        Instant firstArrival = null;
        List<OutboundRecord> batch = new ArrayList<>(batchSize);
        while (records.hasNext()) {
            GeneratedRecord r = records.next();
            if (speedup > 0) {
                if (firstArrival == null) {
                    firstArrival = r.arrivalTime();
                }
                long dueNanos = startNanos
                        + (long) (Duration.between(firstArrival, r.arrivalTime()).toNanos() / speedup);
                if (dueNanos > System.nanoTime()) {
                    flush(batch);  // keep latency low: what is due goes out before we wait
                    sleepUntil(dueNanos);
                }
            }
            batch.add(r.record());
            summary.count(r);
            if (batch.size() >= batchSize) {
                flush(batch);
            }
            long now = System.nanoTime();
            if (now - lastProgress >= progressEvery.toNanos()) {
                summary.finish(sink.stats(), Duration.ofNanos(now - startNanos));
                progress.accept(summary);
                lastProgress = now;
            }
        }
        flush(batch);
        summary.finish(sink.stats(), Duration.ofNanos(System.nanoTime() - startNanos));
        return summary;
    }

    private void flush(List<OutboundRecord> batch) {
        if (!batch.isEmpty()) {
            sink.send(List.copyOf(batch));
            batch.clear();
        }
    }

    private static void sleepUntil(long dueNanos) {
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing", e);
            }
        }
    }
}
