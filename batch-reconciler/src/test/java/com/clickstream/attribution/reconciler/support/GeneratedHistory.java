package com.clickstream.attribution.reconciler.support;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated traffic (the generator, with its late, duplicate, out-of-order and malformed records) landed
 * in the raw layout by arrival time, as the raw landing does: every valid record, copies included;
 * malformed ones are rejected by the contract parser and not landed (they are the landing's dead letters).
 *
 * <p>It also builds the table a stream with allowed lateness {@code lateness} would have left: a record
 * arriving more than {@code lateness} after its event time never reached the stream; every other
 * checkout is attributed over the on-time clicks.
 */
public final class GeneratedHistory {

    private final List<Attribution> streamRows = new ArrayList<>();
    private long landed;
    private long malformed;

    public static GeneratedHistory land(GeneratorConfig config, RawBucket raw, AttributionWindow window, Duration lateness) {
        GeneratedHistory history = new GeneratedHistory();
        EventParser parser = new EventParser(ValidationPolicy.DEFAULT,
                Clock.fixed(config.end().plus(Duration.ofHours(3)), ZoneOffset.UTC));
        Map<String, List<Click>> onTimeClicks = new HashMap<>();
        Map<String, Checkout> onTimeCheckouts = new LinkedHashMap<>();
        TrafficGenerator generator = new TrafficGenerator(config);
        while (generator.hasNext()) {
            GeneratedRecord record = generator.next();
            ParseResult parsed = parser.parse(record.record().payload());
            if (!(parsed instanceof ParseResult.Valid valid)) {
                history.malformed++;
                continue;
            }
            raw.arrives(valid.event(), record.arrivalTime());
            history.landed++;
            boolean onTime = Duration.between(valid.eventTs(), record.arrivalTime()).compareTo(lateness) <= 0;
            if (onTime && record.kind() != RecordKind.DUPLICATE) {
                if (valid.event() instanceof Click click) {
                    onTimeClicks.computeIfAbsent(click.getUserId(), u -> new ArrayList<>()).add(click);
                } else {
                    onTimeCheckouts.putIfAbsent(valid.eventId(), valid.checkout());
                }
            }
        }
        raw.flush();
        for (Checkout checkout : onTimeCheckouts.values()) {
            history.streamRows.add(FirstClickAttribution.attribute(checkout,
                    onTimeClicks.getOrDefault(checkout.getUserId(), List.of()), window));
        }
        return history;
    }

    /** Rows the stream would have written, for every on-time checkout (the test seeds those it wants). */
    public List<Attribution> streamRows() {
        return streamRows;
    }

    public long landed() {
        return landed;
    }

    public long malformed() {
        return malformed;
    }

    /** Whether an answer's checkout lies in {@code [from, to)}. */
    public static boolean within(Attribution a, Instant from, Instant to) {
        return !a.checkoutTs().isBefore(from) && a.checkoutTs().isBefore(to);
    }
}
