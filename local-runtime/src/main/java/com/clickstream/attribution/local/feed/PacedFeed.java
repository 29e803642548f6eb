package com.clickstream.attribution.local.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;

import com.clickstream.attribution.generator.sink.EventSink;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;

/**
 * Sends generated records in arrival order, paced so that arrival time maps to the wall clock divided
 * by {@code speedup}, in ticks: everything due within one tick goes out as one batch (at most
 * {@code batchSize} records per call). The generator's {@code Pump} flushes before every wait, which at
 * a high speedup means one PutRecords call per record; ticks keep the call count at wall time / tick.
 */
public final class PacedFeed {

    private final EventSink sink;
    private final double speedup;
    private final Duration tick;
    private final int batchSize;

    public PacedFeed(EventSink sink, double speedup, Duration tick, int batchSize) {
        if (speedup <= 0) {
            throw new IllegalArgumentException("speedup must be positive: " + speedup);
        }
        this.sink = sink;
        this.speedup = speedup;
        this.tick = tick;
        this.batchSize = batchSize;
    }

    /**
     * Sends every record that arrives before {@code until} (the rest is not sent: a generator's sessions
     * can run on long after its traffic window); {@code progress} gets the number sent after each tick.
     */
    public long run(Iterator<GeneratedRecord> records, Instant until, LongConsumer progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long tickNanos = tick.toNanos();
        Instant first = null;
        long sent = 0;
        long tickEnd = start + tickNanos;
        List<OutboundRecord> pending = new ArrayList<>();
        while (records.hasNext()) {
            GeneratedRecord r = records.next();
            if (!r.arrivalTime().isBefore(until)) {
                break;
            }
            if (first == null) {
                first = r.arrivalTime();
            }
            long due = start + (long) (Duration.between(first, r.arrivalTime()).toNanos() / speedup);
            if (due >= tickEnd) {
                sent += send(pending);
                progress.accept(sent);
                tickEnd = due + tickNanos;
                sleepUntil(due);
            }
            pending.add(r.record());
        }
        sent += send(pending);
        progress.accept(sent);
        return sent;
    }

    private long send(List<OutboundRecord> pending) {
        long n = pending.size();
        for (int i = 0; i < pending.size(); i += batchSize) {
            sink.send(List.copyOf(pending.subList(i, Math.min(pending.size(), i + batchSize))));
        }
        pending.clear();
        return n;
    }

    private static void sleepUntil(long dueNanos) throws InterruptedException {
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
