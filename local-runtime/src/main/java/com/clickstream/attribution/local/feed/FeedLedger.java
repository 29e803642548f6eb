package com.clickstream.attribution.local.feed;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.generator.sink.OutboundRecord;

/**
 * What was sent into the streams, judged by attribution-core's parser the way the stream judges it
 * (the stream name says which type to expect): records, rejections by reason, distinct valid events
 * per type, duplicate copies, and the checkouts' event-time range. The report checks the pipeline's
 * counts against it.
 */
public final class FeedLedger {

    private final EventParser parser = new EventParser();
    private long records;
    private long duplicates;
    private final Map<String, Long> rejectedByReason = new TreeMap<>();
    private final Set<String> clickIds = new HashSet<>();
    private final Set<String> checkoutIds = new HashSet<>();
    private Instant firstCheckout;
    private Instant lastCheckout;

    public synchronized void record(OutboundRecord record) {
        records++;
        EventType expected = EventType.CHECKOUT.stream().equals(record.stream()) ? EventType.CHECKOUT : EventType.CLICK;
        ParseResult result = parser.parse(record.payload(), expected);
        if (result instanceof ParseResult.Rejected rejected) {
            rejectedByReason.merge(rejected.reason().code(), 1L, Long::sum);
            return;
        }
        ParseResult.Valid valid = (ParseResult.Valid) result;
        Set<String> ids = valid.type() == EventType.CLICK ? clickIds : checkoutIds;
        if (!ids.add(valid.eventId())) {
            duplicates++;
            return;
        }
        if (valid.type() == EventType.CHECKOUT) {
            Instant ts = valid.eventTs();
            firstCheckout = firstCheckout == null || ts.isBefore(firstCheckout) ? ts : firstCheckout;
            lastCheckout = lastCheckout == null || ts.isAfter(lastCheckout) ? ts : lastCheckout;
        }
    }

    public synchronized long records() {
        return records;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized Map<String, Long> rejectedByReason() {
        return new TreeMap<>(rejectedByReason);
    }

    public synchronized long clicks() {
        return clickIds.size();
    }

    public synchronized long checkouts() {
        return checkoutIds.size();
    }

    /** [first checkout time, last checkout time], empty without a valid checkout. */
    public synchronized Optional<Instant[]> checkoutRange() {
        return firstCheckout == null ? Optional.empty() : Optional.of(new Instant[] {firstCheckout, lastCheckout});
    }
}
