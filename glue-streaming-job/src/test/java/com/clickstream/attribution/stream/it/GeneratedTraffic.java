package com.clickstream.attribution.stream.it;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generator run kept in memory, cut into chunks by ARRIVAL time, plus the reference answer:
 * {@link FirstClickAttribution} (attribution-core) over the events that arrive on time.
 *
 * <p>Why chunks: a test sends one chunk, waits until the job has counted it, then sends the next,
 * so every micro-batch holds at most about one chunk. Then the watermark before a chunk is at least
 * (chunk start - chunk length - allowed lateness), and with late delays longer than
 * (chunk length + allowed lateness) every record the generator made late is behind the watermark,
 * while on-time records (out-of-order slips of seconds) never are: the stream's "late" equals the
 * generator's, whatever the machine's speed.
 */
final class GeneratedTraffic {

    final List<GeneratedRecord> records = new ArrayList<>();
    final List<List<GeneratedRecord>> chunks = new ArrayList<>();

    GeneratedTraffic(GeneratorConfig config, Duration chunk) {
        TrafficGenerator generator = new TrafficGenerator(config);
        generator.forEachRemaining(records::add);
        Instant chunkEnd = null;
        List<GeneratedRecord> current = null;
        for (GeneratedRecord r : records) {
            if (chunkEnd == null || !r.arrivalTime().isBefore(chunkEnd)) {
                current = new ArrayList<>();
                chunks.add(current);
                chunkEnd = (chunkEnd == null ? r.arrivalTime() : chunkEnd).plus(chunk);
                while (!r.arrivalTime().isBefore(chunkEnd)) {
                    chunkEnd = chunkEnd.plus(chunk);
                }
            }
            current.add(r);
        }
    }

    /**
     * Generator settings for the tests: late delays of 25 to 30 minutes (longer than two chunks plus
     * the allowed lateness), other faults at their defaults. {@code start} must leave room for the
     * sessions' tail (purchases up to about an hour after the session) before now, or the validator
     * rejects those events as in the future.
     */
    static GeneratorConfig config(long seed, Instant start, Duration span, double eventsPerSecond) {
        return new GeneratorConfig(seed, 300, start, span, 0, eventsPerSecond,
                0.01, 0.02, Duration.ofMinutes(25), Duration.ofMinutes(30), 0.05, Duration.ofSeconds(30),
                0.005, 0.03, 0.2);
    }

    long count(RecordKind kind) {
        return records.stream().filter(r -> r.kind() == kind).count();
    }

    /** Records (any kind but malformed) the generator sent late: the stream must count them late-dropped. */
    long lateRecords() {
        return records.stream().filter(r -> r.kind() != RecordKind.MALFORMED && r.late()).count();
    }

    /** first-click answers over the on-time events, one per on-time checkout, by checkout id. */
    Map<String, Attribution> expectedAnswers(AttributionWindow window) {
        EventParser parser = new EventParser();
        Map<String, Click> clicks = new HashMap<>();
        Map<String, Checkout> checkouts = new LinkedHashMap<>();
        for (GeneratedRecord r : records) {
            if (r.late() || (r.kind() != RecordKind.CLICK && r.kind() != RecordKind.CHECKOUT)) {
                continue;
            }
            ParseResult result = parser.parse(r.record().payload());
            if (!(result instanceof ParseResult.Valid valid)) {
                throw new IllegalStateException("generator made an invalid " + r.kind() + ": " + result);
            }
            if (r.kind() == RecordKind.CLICK) {
                clicks.put(valid.eventId(), valid.click());
            } else {
                checkouts.put(valid.eventId(), valid.checkout());
            }
        }
        Map<String, Attribution> expected = new LinkedHashMap<>();
        checkouts.forEach((id, c) -> expected.put(id, FirstClickAttribution.attribute(c, clicks.values(), window)));
        return expected;
    }
}
