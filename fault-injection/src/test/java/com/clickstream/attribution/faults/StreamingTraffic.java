package com.clickstream.attribution.faults;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.support.aws.AwsClients;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * One seeded generator run for the streaming fault tests (duplicates, late and out-of-order arrivals,
 * malformed records), sent once to Kinesis, and what the job must make of it with an allowed lateness
 * longer than any delay: attribution-core's {@link FirstClickAttribution} over every distinct valid
 * event, one dead letter per malformed record with the generator's reason, and counters equal to
 * what was sent.
 */
final class StreamingTraffic {

    /** Longer than the span of the generated event times plus the largest delay, so nothing is late-dropped. */
    static final Duration LATENESS = Duration.ofHours(6);
    static final AttributionWindow WINDOW = AttributionWindow.DEFAULT;

    final long seed;
    final List<GeneratedRecord> records;
    /** Checkout id -> the core rule's answer over every distinct valid event. */
    final Map<String, Attribution> expected;
    /** Checkout id -> line items of the checkout event. */
    final Map<String, Integer> itemLines;

    private StreamingTraffic(long seed, List<GeneratedRecord> records) {
        this.seed = seed;
        this.records = List.copyOf(records);
        EventParser parser = new EventParser();
        Map<String, Click> clicks = new LinkedHashMap<>();
        Map<String, Checkout> checkouts = new LinkedHashMap<>();
        for (GeneratedRecord r : records) {
            if (r.kind() == RecordKind.MALFORMED) {
                continue;
            }
            EventType type = EventType.CHECKOUT.stream().equals(r.record().stream()) ? EventType.CHECKOUT : EventType.CLICK;
            if (!(parser.parse(r.record().payload(), type) instanceof ParseResult.Valid valid)) {
                throw new IllegalStateException("the generator made an invalid " + r.kind() + " record: " + r.eventId()
                        + " (" + parser.parse(r.record().payload(), type) + ")");
            }
            if (valid.type() == EventType.CLICK) {
                clicks.putIfAbsent(valid.eventId(), valid.click());
            } else {
                checkouts.putIfAbsent(valid.eventId(), valid.checkout());
            }
        }
        Map<String, Attribution> answers = new TreeMap<>();
        Map<String, Integer> lines = new TreeMap<>();
        checkouts.forEach((id, c) -> {
            answers.put(id, FirstClickAttribution.attribute(c, clicks.values(), WINDOW));
            lines.put(id, c.getItems().size());
        });
        this.expected = Collections.unmodifiableMap(answers);
        this.itemLines = Collections.unmodifiableMap(lines);
    }

    /**
     * About {@code minutes} x 500 records of 300 users, plus 2% duplicates, 3% late (5-40 min), 5% out of
     * order, 1% malformed. The generator's event times reach up to 3.5 h past its start (measured over
     * 400 seeds), and the validator rejects event times more than 5 minutes ahead of now: so the run
     * starts 5 h ago, and the lateness (6 h) still covers every event.
     */
    static StreamingTraffic generate(long seed, int minutes) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(5));
        GeneratorConfig config = new GeneratorConfig(seed, 300, start, Duration.ofMinutes(minutes), 0, 10,
                0.02, 0.03, Duration.ofMinutes(5), Duration.ofMinutes(40), 0.05, Duration.ofSeconds(30),
                0.01, 0.03, 0.2);
        List<GeneratedRecord> records = new ArrayList<>();
        new TrafficGenerator(config).forEachRemaining(records::add);
        return new StreamingTraffic(seed, records);
    }

    /**
     * A catch-up input: {@code span} of traffic (10 events/s, 300 users) with duplicates, out-of-order
     * slips of at most 30 s and malformed records, but no late records, so every event arrives within
     * a 5-minute allowed lateness of its own stream's progress and the job must drop none of them.
     */
    static StreamingTraffic catchUp(long seed, Duration span) {
        // the sessions' purchases trail the span; keep every event time in the past
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(span).minus(Duration.ofHours(4));
        GeneratorConfig config = new GeneratorConfig(seed, 300, start, span, 0, 3,
                0.02, 0, Duration.ofMinutes(5), Duration.ofMinutes(40), 0.05, Duration.ofSeconds(30),
                0.01, 0.03, 0.2);
        List<GeneratedRecord> records = new ArrayList<>();
        new TrafficGenerator(config).forEachRemaining(records::add);
        return new StreamingTraffic(seed, records);
    }

    /** The records that arrive before {@code firstArrival + d} (in arrival order), and the rest. */
    List<List<GeneratedRecord>> splitByArrival(Duration d) {
        Instant cut = records.get(0).arrivalTime().plus(d);
        List<GeneratedRecord> before = records.stream().filter(r -> r.arrivalTime().isBefore(cut)).toList();
        List<GeneratedRecord> after = records.stream().filter(r -> !r.arrivalTime().isBefore(cut)).toList();
        return List.of(before, after);
    }

    /** Puts every record once, in arrival order, into the streams named after {@link EventType#stream()}. */
    void sendTo(URI kinesisEndpoint) {
        sendTo(kinesisEndpoint, records);
    }

    /** Puts {@code part} once, in its order, into the streams named after {@link EventType#stream()}. */
    static void sendTo(URI kinesisEndpoint, List<GeneratedRecord> part) {
        try (KinesisClient client = AwsClients.kinesis(kinesisEndpoint, Region.US_EAST_1);
             KinesisSink sink = new KinesisSink(client, Map.of(
                     EventType.CLICK.stream(), EventType.CLICK.stream(),
                     EventType.CHECKOUT.stream(), EventType.CHECKOUT.stream()))) {
            sink.send(part.stream().map(GeneratedRecord::record).toList());
        } catch (Exception e) {
            throw new IllegalStateException("could not send the input to Kinesis", e);
        }
    }

    long sent() {
        return records.size();
    }

    long count(RecordKind kind) {
        return records.stream().filter(r -> r.kind() == kind).count();
    }

    long malformed() {
        return count(RecordKind.MALFORMED);
    }

    long late() {
        return records.stream().filter(GeneratedRecord::late).count();
    }

    long outOfOrder() {
        return records.stream().filter(GeneratedRecord::outOfOrder).count();
    }

    /** Reason code -> malformed records the generator made with it. */
    Map<String, Long> malformedByReason() {
        return records.stream().filter(r -> r.kind() == RecordKind.MALFORMED)
                .collect(Collectors.groupingBy(r -> r.rejectReason().code(), TreeMap::new, Collectors.counting()));
    }

    long attributed() {
        return expected.values().stream().filter(Attribution::attributed).count();
    }

    BigDecimal revenue() {
        return expected.values().stream().map(Attribution::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    String describe() {
        return String.format("seed %d: %,d records (%,d checkouts, %,d duplicates, %,d late, %,d out of order, "
                        + "%,d malformed with %d reasons)", seed, sent(), expected.size(), count(RecordKind.DUPLICATE),
                late(), outOfOrder(), malformed(), malformedByReason().size());
    }
}
