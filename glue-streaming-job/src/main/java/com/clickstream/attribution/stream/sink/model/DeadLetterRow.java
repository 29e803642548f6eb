package com.clickstream.attribution.stream.sink.model;

import java.util.Objects;

/**
 * One row for {@code ecommerce.dead_letters} (source {@code stream}). The payload is the record as
 * received, decoded as UTF-8 (invalid bytes become U+FFFD); NUL characters, which PostgreSQL text
 * cannot hold, also become U+FFFD, so no record can make the batch fail.
 */
public record DeadLetterRow(String eventType, String reasonCode, String detail, String payload,
                            String streamName, String partitionKey, String sequenceNumber) {

    public DeadLetterRow {
        Objects.requireNonNull(reasonCode, "reasonCode");
        payload = withoutNul(payload == null ? "" : payload);
        detail = detail == null ? null : withoutNul(detail);
    }

    private static String withoutNul(String s) {
        return s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
    }
}
