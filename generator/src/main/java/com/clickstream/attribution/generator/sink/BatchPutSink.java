package com.clickstream.attribution.generator.sink;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shell both batch-put sinks share: the logical-to-actual stream map, the retry loop and the
 * counters. A subclass only supplies its {@link BatchTarget} (how to build and send entries).
 * Does not close the client (the caller owns it).
 *
 * @param <E> the SDK's request entry type
 */
abstract class BatchPutSink<E> implements EventSink {

    private final Map<String, String> destinations;
    private final BatchRetrier retrier;
    private final SinkCounters counters = new SinkCounters();

    BatchPutSink(Map<String, String> destinations, BatchRetrier retrier) {
        this.destinations = Map.copyOf(destinations);
        this.retrier = Objects.requireNonNull(retrier, "retrier");
        if (this.destinations.isEmpty()) {
            throw new IllegalArgumentException("no destination streams configured");
        }
    }

    /** The service adapter; called per send, after construction. */
    abstract BatchTarget<E> target();

    /** The actual stream for a logical one ({@code clicks}, {@code checkouts}), or null. */
    final String destination(String logicalStream) {
        return destinations.get(logicalStream);
    }

    @Override
    public final void send(List<OutboundRecord> batch) {
        retrier.send(batch, target(), counters);
    }

    @Override
    public final SinkStats stats() {
        return counters.snapshot();
    }

    @Override
    public final void close() {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + destinations;
    }
}
