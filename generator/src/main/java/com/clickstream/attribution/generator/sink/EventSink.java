package com.clickstream.attribution.generator.sink;

import java.util.List;

/**
 * Where generated records go. Contract shared by every sink: {@link #send} returns only when every
 * record of the batch has been accepted by the destination exactly once, retrying what failed; if a
 * record still cannot be delivered after the retry budget it throws {@link SinkException} naming how
 * many were lost, so a caller never mistakes a partial delivery for success.
 */
public interface EventSink extends AutoCloseable {

    void send(List<OutboundRecord> batch);

    /** Running totals since the sink was opened. */
    SinkStats stats();

    @Override
    void close();
}
