package com.clickstream.attribution.generator.sink;

import java.util.concurrent.atomic.AtomicLong;

/** The running totals behind {@link SinkStats}; safe to update from several threads. */
final class SinkCounters {
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    void sent(long n) {
        sent.addAndGet(n);
    }

    void retried(long n) {
        retried.addAndGet(n);
    }

    void failed(long n) {
        failed.addAndGet(n);
    }

    void call() {
        calls.incrementAndGet();
    }

    SinkStats snapshot() {
        return new SinkStats(sent.get(), retried.get(), failed.get(), calls.get());
    }
}
