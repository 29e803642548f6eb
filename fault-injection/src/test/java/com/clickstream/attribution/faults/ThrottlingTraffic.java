package com.clickstream.attribution.faults;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One generator run for {@link KinesisThrottlingFaultIT}, kept in memory, and what the consumers must
 * make of it: the raw landing lands every valid record (generator duplicates included, as the
 * records they are), the stream's table equals attribution-core's {@link FirstClickAttribution} over
 * the distinct valid events, and every malformed record is a dead letter with the generator's reason.
 */
final class ThrottlingTraffic {

    final List<GeneratedRecord> records = new ArrayList<>();

    ThrottlingTraffic(GeneratorConfig config) {
        new TrafficGenerator(config).forEachRemaining(records::add);
    }

    List<OutboundRecord> outbound(int from, int to) {
        return records.subList(from, to).stream().map(GeneratedRecord::record).toList();
    }

    long count(RecordKind kind) {
        return records.stream().filter(r -> r.kind() == kind).count();
    }

    long malformed() {
        return count(RecordKind.MALFORMED);
    }

    long late() {
        return records.stream().filter(r -> r.kind() != RecordKind.MALFORMED && r.late()).count();
    }

    /** Reason code -> malformed records the generator made with it. */
    Map<String, Long> malformedByReason() {
        return records.stream().filter(r -> r.kind() == RecordKind.MALFORMED)
                .collect(Collectors.groupingBy(r -> r.rejectReason().code(), TreeMap::new, Collectors.counting()));
    }

    /** Event id -> how many valid records carry it (2 for a generator duplicate): what raw/ must hold. */
    Map<String, Long> validRecordsByEventId() {
        return records.stream().filter(r -> r.kind() != RecordKind.MALFORMED)
                .collect(Collectors.groupingBy(GeneratedRecord::eventId, TreeMap::new, Collectors.counting()));
    }

    /** attribution-core's first-click answer per checkout over every distinct valid event (nothing is late-dropped). */
    Map<String, Attribution> expectedAnswers(AttributionWindow window) {
        EventParser parser = new EventParser();
        Map<String, Click> clicks = new LinkedHashMap<>();
        Map<String, Checkout> checkouts = new LinkedHashMap<>();
        for (GeneratedRecord r : records) {
            if (r.kind() == RecordKind.MALFORMED) {
                continue;
            }
            if (!(parser.parse(r.record().payload()) instanceof ParseResult.Valid valid)) {
                throw new IllegalStateException("the generator made an invalid " + r.kind() + " record: " + r.eventId());
            }
            if (valid.type() == EventType.CLICK) {
                clicks.putIfAbsent(valid.eventId(), valid.click());
            } else {
                checkouts.putIfAbsent(valid.eventId(), valid.checkout());
            }
        }
        Map<String, Attribution> expected = new TreeMap<>();
        checkouts.forEach((id, c) -> expected.put(id, FirstClickAttribution.attribute(c, clicks.values(), window)));
        return expected;
    }
}
