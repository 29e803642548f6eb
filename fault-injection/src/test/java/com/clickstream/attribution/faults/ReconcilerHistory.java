package com.clickstream.attribution.faults;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawPartition;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A raw history for the reconciler fault tests: generated traffic (late, duplicate, out-of-order records;
 * malformed ones are dropped as the landing would reject them) landed in S3 in raw-store's layout by
 * ARRIVAL hour, as many small Parquet objects written by raw-store's writer, so staging makes many GETs.
 * Also the reference the tests compare with: attribution-core's first-click over every landed event.
 */
final class ReconcilerHistory {

    /** One landed record: the event, and the hour partition it arrived in. */
    record Landed(SpecificRecord event, Instant arrival) {
    }

    private final List<Landed> landed = new ArrayList<>();
    private final Map<String, List<Click>> clicksByUser = new HashMap<>();
    private final Map<String, Checkout> checkouts = new LinkedHashMap<>();
    /** Earliest arrival of each event id ("k:" clicks, "c:" checkouts) and how many copies landed. */
    private final Map<String, Instant> earliestArrival = new HashMap<>();
    private final Map<String, Integer> copies = new HashMap<>();
    private long malformed;
    private int objects;

    private ReconcilerHistory() {
    }

    /** Generated traffic from {@code start} over {@code span}; event times all before {@code start + span}. */
    static ReconcilerHistory generate(long seed, Instant start, Duration span, double eventsPerSecond) {
        GeneratorConfig d = GeneratorConfig.defaults(start);
        GeneratorConfig config = new GeneratorConfig(seed, 3_000, start, span, 0, eventsPerSecond,
                0.01, 0.02, Duration.ofMinutes(10), Duration.ofHours(2), 0.05, Duration.ofSeconds(30),
                0.005, d.noClickBuyerFraction(), d.clickAfterCheckoutFraction());
        EventParser parser = new EventParser(ValidationPolicy.DEFAULT,
                Clock.fixed(config.end().plus(Duration.ofHours(3)), ZoneOffset.UTC));
        ReconcilerHistory history = new ReconcilerHistory();
        TrafficGenerator generator = new TrafficGenerator(config);
        while (generator.hasNext()) {
            GeneratedRecord record = generator.next();
            if (parser.parse(record.record().payload()) instanceof ParseResult.Valid valid) {
                history.add(valid.event(), record.arrivalTime());
            } else {
                history.malformed++;
            }
        }
        return history;
    }

    private void add(SpecificRecord event, Instant arrival) {
        landed.add(new Landed(event, arrival));
        String id = idOf(event);
        earliestArrival.merge(id, arrival, (a, b) -> a.isBefore(b) ? a : b);
        copies.merge(id, 1, Integer::sum);
        if (copies.get(id) > 1) {
            return; // copies of an event are the same bytes here: count once for the reference
        }
        if (event instanceof Click click) {
            clicksByUser.computeIfAbsent(click.getUserId(), u -> new ArrayList<>()).add(click);
        } else {
            Checkout checkout = (Checkout) event;
            checkouts.put(checkout.getEventId(), checkout);
        }
    }

    /**
     * Writes every landed record to {@code bucket}: per type and arrival hour, objects of at most
     * {@code eventsPerObject} records, 4 uploads at a time. Returns the number of objects.
     */
    int land(S3Client s3, String bucket, int eventsPerObject) throws Exception {
        Map<String, List<Landed>> byPartition = new TreeMap<>();
        for (Landed l : landed) {
            byPartition.computeIfAbsent(RawPartition.of(typeOf(l.event()), l.arrival()).prefix(), p -> new ArrayList<>())
                    .add(l);
        }
        ExecutorService uploads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (List<Landed> partition : byPartition.values()) {
                for (int from = 0; from < partition.size(); from += eventsPerObject) {
                    List<Landed> chunk = partition.subList(from, Math.min(partition.size(), from + eventsPerObject));
                    EventType type = typeOf(chunk.get(0).event());
                    String key = RawLayout.objectKey(type, chunk.get(0).arrival(), String.format("part-%06d", objects++));
                    byte[] bytes = new RawParquetWriter(type).write(chunk.stream().map(Landed::event).toList());
                    pending.add(uploads.submit(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes))));
                }
            }
            for (Future<?> f : pending) {
                f.get();
            }
        } finally {
            uploads.shutdownNow();
        }
        return objects;
    }

    /** attribution-core's first-click answer for every checkout with {@code event_ts} in {@code [from, to)}. */
    Map<String, Attribution> expected(Instant from, Instant to, AttributionWindow window) {
        Map<String, Attribution> out = new TreeMap<>();
        for (Checkout checkout : checkouts.values()) {
            if (!checkout.getEventTs().isBefore(from) && checkout.getEventTs().isBefore(to)) {
                out.put(checkout.getEventId(), FirstClickAttribution.attribute(checkout,
                        clicksByUser.getOrDefault(checkout.getUserId(), List.of()), window));
            }
        }
        return out;
    }

    Checkout checkout(String id) {
        return checkouts.get(id);
    }

    /** Distinct clicks by UTC day of their event time (what rollup_daily_clicks must sum to). */
    Map<java.time.LocalDate, Long> distinctClicksByDay() {
        Map<java.time.LocalDate, Long> out = new TreeMap<>();
        clicksByUser.values().forEach(list -> list.forEach(click ->
                out.merge(java.time.LocalDate.ofInstant(click.getEventTs(), ZoneOffset.UTC), 1L, Long::sum)));
        return out;
    }

    /** Start of the hour partition the checkout (or click) first arrived in. */
    Instant firstArrivalHour(String checkoutOrClickId, boolean click) {
        Instant arrival = earliestArrival.get((click ? "k:" : "c:") + checkoutOrClickId);
        return RawPartition.of(click ? EventType.CLICK : EventType.CHECKOUT, arrival).start();
    }

    int copiesOfCheckout(String id) {
        return copies.getOrDefault("c:" + id, 0);
    }

    long landedRecords() {
        return landed.size();
    }

    long malformedDropped() {
        return malformed;
    }

    private static String idOf(SpecificRecord event) {
        return event instanceof Click click ? "k:" + click.getEventId() : "c:" + ((Checkout) event).getEventId();
    }

    private static EventType typeOf(SpecificRecord event) {
        return event instanceof Click ? EventType.CLICK : EventType.CHECKOUT;
    }
}
