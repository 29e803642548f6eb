package com.clickstream.attribution.reconciler.raw;

import java.io.Serializable;
import java.util.Objects;

/**
 * A row of a readable raw object that is not a valid event (e.g. a null in a required column). Kept as
 * a dead letter ({@code source = 'reconciler'}), never silently dropped.
 *
 * @param key       the object key
 * @param eventType the object's event type (wire name)
 * @param row    0-based row number in the object
 * @param reason the contract's reject reason code
 * @param detail which column and what was wrong
 */
public record RejectedRawRow(String key, String eventType, long row, String reason, String detail) implements Serializable {

    public RejectedRawRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
    }
}
