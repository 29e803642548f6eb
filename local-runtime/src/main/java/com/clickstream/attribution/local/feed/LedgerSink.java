package com.clickstream.attribution.local.feed;

import java.util.List;
import java.util.Objects;

import com.clickstream.attribution.generator.sink.EventSink;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.clickstream.attribution.generator.sink.SinkStats;

/** Sends to a sink and, once sent, enters each record in a {@link FeedLedger}. */
public final class LedgerSink implements EventSink {

    private final EventSink sink;
    private final FeedLedger ledger;

    public LedgerSink(EventSink sink, FeedLedger ledger) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public void send(List<OutboundRecord> batch) {
        sink.send(batch);
        batch.forEach(ledger::record);
    }

    @Override
    public SinkStats stats() {
        return sink.stats();
    }

    @Override
    public void close() {
        sink.close();
    }
}
