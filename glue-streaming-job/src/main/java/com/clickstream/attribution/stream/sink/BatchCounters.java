package com.clickstream.attribution.stream.sink;

/**
 * The additive counters a micro-batch reports ({@code events_in}, {@code rejected},
 * {@code late_dropped}), as read by one run of the batch or as recorded in {@code stream_progress}.
 */
record BatchCounters(long eventsIn, long rejected, long lateDropped) {

    static final BatchCounters ZERO = new BatchCounters(0, 0, 0);

    BatchCounters plus(BatchCounters o) {
        return new BatchCounters(eventsIn + o.eventsIn, rejected + o.rejected, lateDropped + o.lateDropped);
    }

    /** Each counter minus {@code o}'s, floored at 0. */
    BatchCounters beyond(BatchCounters o) {
        return new BatchCounters(Math.max(0, eventsIn - o.eventsIn), Math.max(0, rejected - o.rejected),
                Math.max(0, lateDropped - o.lateDropped));
    }

    boolean isZero() {
        return eventsIn == 0 && rejected == 0 && lateDropped == 0;
    }
}
