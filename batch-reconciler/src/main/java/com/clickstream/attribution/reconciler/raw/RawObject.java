package com.clickstream.attribution.reconciler.raw;

import com.clickstream.attribution.core.contract.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * One raw object (a Parquet file) of one event type in one arrival-hour partition.
 *
 * @param key         the object key, e.g. {@code raw/click/dt=2024-03-01/hour=13/part-0001.parquet}
 * @param type        the event type of its folder
 * @param arrivalHour start of the arrival hour of its partition: every event in it arrived in
 *                    {@code [arrivalHour, arrivalHour + 1h)}
 * @param size        size in bytes as listed
 */
public record RawObject(String key, EventType type, Instant arrivalHour, long size) {

    public RawObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(arrivalHour, "arrivalHour");
    }
}
