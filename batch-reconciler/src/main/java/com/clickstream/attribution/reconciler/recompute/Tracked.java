package com.clickstream.attribution.reconciler.recompute;

import java.time.Instant;
import java.util.Objects;

/**
 * One deduplicated event with what the raw layout tells about its arrival.
 *
 * @param event       the record (see {@link BucketEvents} for which copies are kept)
 * @param arrivalHour start of the earliest arrival-hour partition holding this record: it first
 *                    arrived in {@code [arrivalHour, arrivalHour + 1h)}
 * @param copies      how many records with this {@code event_id} the raw history holds (1 = no duplicate)
 */
public record Tracked<E>(E event, Instant arrivalHour, int copies) {

    public Tracked {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(arrivalHour, "arrivalHour");
    }
}
