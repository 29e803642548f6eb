package com.clickstream.attribution.reconciler.recompute.columnar;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.event.LineItem;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.FileRawEventSource;
import com.clickstream.attribution.reconciler.recompute.AvroSpillEngine;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import com.clickstream.attribution.reconciler.support.EngineOutput;
import com.clickstream.attribution.reconciler.support.LocalRawFiles;
import com.clickstream.attribution.reconciler.support.MalformedCorpusParquet;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The columnar engine equals the row-at-a-time engine ({@link AvroSpillEngine}: {@code BucketEvents} +
 * {@code Recomputation} over attribution-core) on random raw histories written as real Parquet objects:
 * ties at one millisecond, clicks at both window ends, identical copies, differing copies of one click id,
 * checkout copies, a checkout id reused by two users, users across buckets, invalid rows (dead letters),
 * and objects in raw-store's layout and in Firehose's (optional columns, dictionary or PLAIN, several
 * pages and row groups).
 */
class ColumnarEngineLawsTest {

    static final Instant DAY = Instant.parse("2024-03-01T00:00:00Z");
    static final ReconciliationParameters RANGE = ReconciliationParameters.fromOptions(Map.of(
            "from", "2024-03-01T06:00:00Z", "to", "2024-03-01T18:00:00Z", "window", "45m", "buckets", "3"),
            Clock.systemUTC());
    static final Instant UNTIL = DAY.plus(Duration.ofDays(3));

    @Property(tries = 60)
    void columnarEngineEqualsTheRowAtATimeEngine(@ForAll long seed) throws IOException {
        Path root = Files.createTempDirectory("columnar-law");
        try {
            history(new SplittableRandom(seed), new LocalRawFiles(root.resolve("bucket")));
            FileRawEventSource source = new FileRawEventSource(root.resolve("bucket"));
            EngineOutput avro = EngineOutput.of(new AvroSpillEngine(source, 2), RANGE, UNTIL, root.resolve("avro"));
            EngineOutput columnar = EngineOutput.of(new ColumnarEngine(source, 2), RANGE, UNTIL, root.resolve("columnar"));

            assertThat(columnar).isEqualTo(avro);
            // one answer per checkout id, even when the id was reused by another user
            List<String> ids = columnar.answers().stream().map(a -> a.answer().checkoutId()).toList();
            assertThat(ids).doesNotHaveDuplicates();
        } finally {
            delete(root);
        }
    }

    @Test
    void aCheckoutIdReusedByTwoUsersIsAnsweredOnceForTheFirstCopy() throws IOException {
        Path root = Files.createTempDirectory("columnar-reused");
        try {
            LocalRawFiles raw = new LocalRawFiles(root.resolve("bucket"));
            Instant ts = DAY.plus(Duration.ofHours(10));
            // users chosen in two different buckets of three
            String a = "user-a";
            String b = userInAnotherBucket(a);
            raw.put(EventType.CLICK, ts, new RawParquetWriter(EventType.CLICK).write(List.of(
                    click("k1", a, ts.minusSeconds(60), "google", "desktop"),
                    click("k2", b, ts.minusSeconds(30), "email", "mobile"))));
            raw.put(EventType.CHECKOUT, ts, new RawParquetWriter(EventType.CHECKOUT).write(List.of(
                    checkout("o1", b, ts, "20.00", "USD"), checkout("o1", a, ts, "20.00", "USD"))));
            raw.put(EventType.CHECKOUT, ts.plusSeconds(3600), new RawParquetWriter(EventType.CHECKOUT).write(List.of(
                    checkout("o1", a, ts, "20.00", "USD"))));
            FileRawEventSource source = new FileRawEventSource(root.resolve("bucket"));

            for (var engine : List.of(new ColumnarEngine(source, 1), new AvroSpillEngine(source, 1))) {
                EngineOutput out = EngineOutput.of(engine, RANGE, UNTIL, root.resolve(engine.getClass().getSimpleName()));
                assertThat(out.answers()).singleElement().satisfies(answer -> {
                    assertThat(answer.answer().userId()).isEqualTo(a); // same time and total: the smaller user id
                    assertThat(answer.answer().click()).get().extracting(c -> c.clickId()).isEqualTo("k1");
                    assertThat(answer.checkout().copies()).isEqualTo(3);
                    assertThat(answer.checkout().arrivalHour()).isEqualTo(ts.truncatedTo(ChronoUnit.HOURS));
                });
                assertThat(out.buckets().stream().mapToLong(EngineOutput.Bucket::records).sum()).isEqualTo(5);
                assertThat(out.buckets().stream().mapToLong(EngineOutput.Bucket::duplicates).sum()).isEqualTo(2);
            }
        } finally {
            delete(root);
        }
    }

    private static String userInAnotherBucket(String user) {
        int bucket = com.clickstream.attribution.reconciler.raw.UserBuckets.bucketOf(user, RANGE.buckets());
        for (int i = 0; ; i++) {
            String other = "user-b" + i;
            if (com.clickstream.attribution.reconciler.raw.UserBuckets.bucketOf(other, RANGE.buckets()) != bucket) {
                return other;
            }
        }
    }

    /** Lands a random history: events by arrival partition, one or two objects each, in one of four layouts. */
    static void history(SplittableRandom random, LocalRawFiles raw) {
        int users = 1 + random.nextInt(8);
        List<SpecificRecord> events = new ArrayList<>();
        List<Instant> arrivals = new ArrayList<>();
        int n = 20 + random.nextInt(120);
        for (int i = 0; i < n; i++) {
            SpecificRecord event;
            if (!events.isEmpty() && random.nextInt(6) == 0) {
                event = events.get(random.nextInt(events.size())); // an identical copy, landed again
            } else {
                // quarter hours make ties and exact window ends (45 min) likely; a millisecond off tests the ends
                Instant ts = DAY.minus(Duration.ofHours(1)).plus(Duration.ofMinutes(15L * random.nextInt(100)))
                        .plusMillis(random.nextInt(6) == 0 ? random.nextInt(3) - 1 : 0);
                String user = "u" + random.nextInt(users);
                if (random.nextInt(5) == 0) {
                    event = checkout("o" + random.nextInt(8), user, ts, pick(random, "10.00", "12.50", "7.00"),
                            pick(random, "USD", "USD", "EUR"));
                } else {
                    event = click("k" + random.nextInt(30), user, ts, pick(random, "google", "email", "direct"),
                            random.nextInt(25) == 0 ? "tv" : pick(random, "desktop", "mobile", "tablet"));
                    Click c = (Click) event;
                    c.setSessionId("s" + random.nextInt(3));
                    c.setProductId("p" + random.nextInt(3));
                    c.setProductCategory("cat-" + random.nextInt(2));
                    c.setPageUrl("https://shop.example/" + random.nextInt(2));
                    c.setCampaignId(random.nextBoolean() ? null : "c" + random.nextInt(2));
                }
            }
            Instant eventTs = event instanceof Click c ? c.getEventTs() : ((Checkout) event).getEventTs();
            events.add(event);
            arrivals.add(eventTs.plus(Duration.ofMinutes(random.nextInt(180))));
        }
        Map<String, List<SpecificRecord>> byPartition = new TreeMap<>();
        Map<String, Instant> arrivalOf = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            EventType type = LocalRawFiles.typeOf(events.get(i));
            String partition = type + "/" + arrivals.get(i).truncatedTo(ChronoUnit.HOURS);
            byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(events.get(i));
            arrivalOf.putIfAbsent(partition, arrivals.get(i));
        }
        for (Map.Entry<String, List<SpecificRecord>> p : byPartition.entrySet()) {
            List<SpecificRecord> rows = p.getValue();
            int split = random.nextInt(3) == 0 ? random.nextInt(rows.size() + 1) : rows.size();
            for (List<SpecificRecord> part : List.of(rows.subList(0, split), rows.subList(split, rows.size()))) {
                if (!part.isEmpty()) {
                    EventType type = LocalRawFiles.typeOf(part.get(0));
                    raw.put(type, arrivalOf.get(p.getKey()), write(type, part, random.nextInt(4)));
                }
            }
        }
    }

    private static byte[] write(EventType type, List<SpecificRecord> rows, int layout) {
        return switch (layout) {
            case 0 -> new RawParquetWriter(type).write(rows);
            case 1 -> MalformedCorpusParquet.firehoseShaped(type, rows, true, 5, 1024);
            case 2 -> MalformedCorpusParquet.firehoseShaped(type, rows, false, 3, 20_000);
            default -> MalformedCorpusParquet.firehoseShaped(type, rows);
        };
    }

    static Click click(String id, String user, Instant ts, String source, String device) {
        return Click.newBuilder().setEventId(id).setEventType("click").setUserId(user).setSessionId("s-" + user)
                .setProductId("p1").setProductName("Product p1").setProductCategory("cat-1")
                .setProductPrice(new BigDecimal("9.99")).setTrafficSource(source).setCampaignId(null)
                .setDeviceType(device).setPageUrl("https://shop.example/p1").setEventTs(ts).build();
    }

    static Checkout checkout(String id, String user, Instant ts, String amount, String currency) {
        BigDecimal total = new BigDecimal(amount);
        return Checkout.newBuilder().setEventId(id).setEventType("checkout").setUserId(user).setSessionId("s-" + user)
                .setItems(List.of(LineItem.newBuilder().setProductId("p1").setProductName("Product p1")
                        .setUnitPrice(total).setQuantity(1).build()))
                .setTotalAmount(total).setCurrency(currency).setPaymentMethod("card").setEventTs(ts).build();
    }

    private static String pick(SplittableRandom random, String... values) {
        return values[random.nextInt(values.length)];
    }

    static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
