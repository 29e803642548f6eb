package com.clickstream.attribution.generator.sink;

import java.util.Objects;

/**
 * One wire record on its way out: the JSON bytes of one event and where it goes.
 *
 * @param stream       logical stream name, {@code clicks} or {@code checkouts}; each sink maps it to
 *                     its own destination (Kinesis stream, Firehose delivery stream, file)
 * @param partitionKey the user id, so one user's events stay on one shard in order
 * @param payload      UTF-8 JSON of one event (possibly deliberately malformed)
 */
public record OutboundRecord(String stream, String partitionKey, byte[] payload) {
    public OutboundRecord {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(payload, "payload");
    }
}
