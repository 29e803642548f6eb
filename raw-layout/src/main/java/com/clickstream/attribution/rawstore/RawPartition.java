package com.clickstream.attribution.rawstore;

import com.clickstream.attribution.core.contract.EventType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One arrival-hour partition of one event type: {@code raw/<event_type>/dt=YYYY-MM-DD/hour=HH/}.
 *
 * @param type the event type (folder name = {@link EventType#wireName()})
 * @param dt   the UTC arrival day
 * @param hour the UTC arrival hour, 0..23
 */
public record RawPartition(EventType type, LocalDate dt, int hour) {

    public RawPartition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dt, "dt");
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour must be 0..23: " + hour);
        }
    }

    /** The partition that holds records arriving at {@code arrival}. */
    public static RawPartition of(EventType type, Instant arrival) {
        var utc = arrival.atOffset(ZoneOffset.UTC);
        return new RawPartition(type, utc.toLocalDate(), utc.getHour());
    }

    /** First instant of the arrival hour (inclusive). */
    public Instant start() {
        return dt.atStartOfDay(ZoneOffset.UTC).toInstant().plus(hour, ChronoUnit.HOURS);
    }

    /** First instant after the arrival hour (exclusive end). */
    public Instant end() {
        return start().plus(1, ChronoUnit.HOURS);
    }

    /** {@code raw/click/dt=2026-11-25/hour=07/} */
    public String prefix() {
        return RawLayout.RAW_PREFIX + RawLayout.folder(type.wireName(), dt, hour);
    }

    /** The next hour's partition of the same type. */
    public RawPartition next() {
        return of(type, end());
    }
}
