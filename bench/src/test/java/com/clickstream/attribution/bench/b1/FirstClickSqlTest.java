package com.clickstream.attribution.bench.b1;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.bench.harness.Progress;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.event.LineItem;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.rawstore.parquet.RawParquetReader;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import com.clickstream.attribution.reconciler.recompute.BucketEvents;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * B1 is only worth something if both engines compute attribution-core's answer: DuckDB's SQL is checked
 * against {@link FirstClickAttribution} over the same files, on generated traffic (late, duplicate and
 * out-of-order events) and on the rule's edge cases; the reconciler worker against the same answers.
 */
class FirstClickSqlTest {

    private static final Duration W = AttributionWindow.DEFAULT_LENGTH;
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    @TempDir
    static Path dir;
    static RawDataset dataset;

    @BeforeAll
    static void generatedTraffic() throws IOException {
        dataset = RawDataset.build(dir.resolve("dataset"), 20_000, 5, new Progress());
    }

    @Test
    void sqlGivesAttributionCoresAnswersOnGeneratedTraffic() throws Exception {
        Path expected = dir.resolve("core.csv");
        Path actual = dir.resolve("duckdb.csv");
        Answers.write(expected, reference(dataset.glob(EventType.CLICK), dataset.glob(EventType.CHECKOUT)));
        Answers.write(actual, sql(dataset.glob(EventType.CLICK), dataset.glob(EventType.CHECKOUT)));

        assertThat(Answers.differences(expected, actual, 10)).isEmpty();
        List<String> lines = Files.readAllLines(actual);
        assertThat(lines).hasSizeGreaterThan(100);
        assertThat(lines).anyMatch(l -> l.endsWith(",," + Attribution.UNATTRIBUTED));
        assertThat(lines).anyMatch(l -> !l.endsWith(",," + Attribution.UNATTRIBUTED));
        assertThat(dataset.checkouts()).as("the traffic holds checkout copies").isGreaterThan(lines.size());
    }

    @Test
    void reconcilerRecomputeWorkerGivesTheSameAnswers() throws Exception {
        Path expected = dir.resolve("duckdb-for-reconciler.csv");
        Path actual = dir.resolve("reconciler.csv");
        Answers.write(expected, sql(dataset.glob(EventType.CLICK), dataset.glob(EventType.CHECKOUT)));

        ReconcilerRecomputeWorker.main(new String[] {dataset.root().toString(), actual.toString(), "4"});
        Answers.sortInPlace(actual); // the worker appends bucket by bucket; the benchmark sorts as here

        assertThat(Answers.differences(expected, actual, 10)).isEmpty();
    }

    @Test
    void sqlFollowsTheRuleAtItsEdges() throws Exception {
        long w = W.toMillis();
        List<Click> clicks = new ArrayList<>();
        List<Checkout> checkouts = new ArrayList<>();
        // window start inclusive, one millisecond earlier out
        checkouts.add(checkout("o-start", "u-start", 0));
        clicks.add(click("k-early", "u-start", -w - 1, "too-early"));
        clicks.add(click("k-start", "u-start", -w, "start"));
        clicks.add(click("k-later", "u-start", -60_000, "later"));
        // window end inclusive, one millisecond later out
        checkouts.add(checkout("o-end", "u-end", 0));
        clicks.add(click("k-end", "u-end", 0, "end"));
        checkouts.add(checkout("o-after", "u-after", 0));
        clicks.add(click("k-after", "u-after", 1, "after"));
        // same millisecond: the smaller id by code point; String.compareTo would pick the other one here
        checkouts.add(checkout("o-tie", "u-tie", 0));
        clicks.add(click("k-\uD83D\uDE00", "u-tie", -300_000, "emoji"));
        clicks.add(click("k-\uFFFD", "u-tie", -300_000, "replacement"));
        checkouts.add(checkout("o-ascii", "u-ascii", 0));
        clicks.add(click("k-b", "u-ascii", -300_000, "b"));
        clicks.add(click("k-B", "u-ascii", -300_000, "upper-b"));
        clicks.add(click("k-a", "u-ascii", -300_000, "a"));
        // copies of clicks and of the checkout count once; another user's click never counts
        checkouts.add(checkout("o-dup", "u-dup", 0));
        checkouts.add(checkout("o-dup", "u-dup", 0));
        clicks.add(click("k-dup-2", "u-dup", -120_000, "second"));
        clicks.add(click("k-dup-1", "u-dup", -180_000, "first"));
        clicks.add(click("k-dup-1", "u-dup", -180_000, "first"));
        clicks.add(click("k-dup-2", "u-dup", -120_000, "second"));
        clicks.add(click("k-not-mine", "u-nobody", -3_000_000, "not-mine"));
        checkouts.add(checkout("o-alone", "u-alone", 0));
        clicks.add(click("k-other", "u-someone", -1_000, "someone"));
        // one user, two checkouts with different windows
        checkouts.add(checkout("o-two-a", "u-two", 0));
        checkouts.add(checkout("o-two-b", "u-two", 2 * w));
        clicks.add(click("k-two-1", "u-two", -1_000, "one"));
        clicks.add(click("k-two-2", "u-two", w + 1_000, "two"));
        Path clickDir = Files.createDirectories(dir.resolve("edges/click"));
        Path checkoutDir = Files.createDirectories(dir.resolve("edges/checkout"));
        Files.write(clickDir.resolve("a.parquet"), new RawParquetWriter(EventType.CLICK).write(clicks.subList(0, 9)));
        Files.write(clickDir.resolve("b.parquet"), new RawParquetWriter(EventType.CLICK)
                .write(clicks.subList(9, clicks.size())));
        Files.write(checkoutDir.resolve("a.parquet"), new RawParquetWriter(EventType.CHECKOUT).write(checkouts));
        String clickGlob = clickDir + "/*.parquet";
        String checkoutGlob = checkoutDir + "/*.parquet";

        List<Answers.Answer> answers = sql(clickGlob, checkoutGlob);
        Path expected = dir.resolve("edges-core.csv");
        Path actual = dir.resolve("edges-duckdb.csv");
        Answers.write(expected, reference(clickGlob, checkoutGlob));
        Answers.write(actual, answers);

        assertThat(Answers.differences(expected, actual, 10)).isEmpty();
        Map<String, String> credited = new HashMap<>();
        answers.forEach(a -> credited.put(a.checkoutId(), a.clickId() + " " + a.source()));
        assertThat(credited).containsExactlyInAnyOrderEntriesOf(Map.of(
                "o-start", "k-start start",
                "o-end", "k-end end",
                "o-after", " unattributed",
                "o-tie", "k-\uFFFD replacement",
                "o-ascii", "k-B upper-b",
                "o-dup", "k-dup-1 first",
                "o-alone", " unattributed",
                "o-two-a", "k-two-1 one",
                "o-two-b", "k-two-2 two"));
        assertThat("k-\uD83D\uDE00".compareTo("k-\uFFFD")).as("UTF-16 order differs from code point order here")
                .isNegative();
    }

    private static List<Answers.Answer> sql(String clickGlob, String checkoutGlob) throws Exception {
        try (Connection duck = DuckDbFirstClickWorker.open(2)) {
            return DuckDbFirstClickWorker.firstClick(duck, clickGlob, checkoutGlob, W).answers();
        }
    }

    /** attribution-core over the files: copies of a checkout are one (the reconciler's choice of copy). */
    private static List<Answers.Answer> reference(String clickGlob, String checkoutGlob) throws Exception {
        Map<String, List<Click>> clicksByUser = new HashMap<>();
        for (SpecificRecord event : read(clickGlob, EventType.CLICK)) {
            Click click = (Click) event;
            clicksByUser.computeIfAbsent(click.getUserId(), u -> new ArrayList<>()).add(click);
        }
        Map<String, Checkout> checkouts = new HashMap<>();
        for (SpecificRecord event : read(checkoutGlob, EventType.CHECKOUT)) {
            Checkout checkout = (Checkout) event;
            checkouts.merge(checkout.getEventId(), checkout,
                    (a, b) -> BucketEvents.CHECKOUT_COPIES.compare(a, b) <= 0 ? a : b);
        }
        AttributionWindow window = new AttributionWindow(W);
        List<Answers.Answer> answers = new ArrayList<>();
        for (Checkout checkout : checkouts.values()) {
            Attribution a = FirstClickAttribution.attribute(checkout,
                    clicksByUser.getOrDefault(checkout.getUserId(), List.of()), window);
            answers.add(new Answers.Answer(a.checkoutId(), a.userId(), a.revenue().toPlainString(),
                    a.click().map(AttributedClick::clickId).orElse(""), a.trafficSource()));
        }
        return answers;
    }

    /** Every Parquet file below the glob's fixed part (the globs used here end in wildcards only). */
    private static List<SpecificRecord> read(String glob, EventType type) throws Exception {
        Path base = Path.of(glob.substring(0, glob.indexOf('*')));
        List<SpecificRecord> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
                events.addAll(RawParquetReader.forType(type).read(Files.readAllBytes(file), file.toString()).events());
            }
        }
        return events;
    }

    private static Click click(String id, String user, long offsetMillis, String source) {
        return Click.newBuilder()
                .setEventId(id).setEventType("click").setUserId(user).setSessionId("s-" + user)
                .setProductId("p-1").setProductName("Desk lamp").setProductCategory("home")
                .setProductPrice(new BigDecimal("19.90")).setTrafficSource(source).setCampaignId(null)
                .setDeviceType("mobile").setPageUrl("https://shop.example/p/p-1")
                .setEventTs(T.plusMillis(offsetMillis))
                .build();
    }

    private static Checkout checkout(String id, String user, long offsetMillis) {
        return Checkout.newBuilder()
                .setEventId(id).setEventType("checkout").setUserId(user).setSessionId("s-" + user)
                .setItems(List.of(new LineItem("p-1", "Desk lamp", new BigDecimal("19.90"), 2)))
                .setTotalAmount(new BigDecimal("39.80")).setCurrency("USD").setPaymentMethod("card")
                .setEventTs(T.plusMillis(offsetMillis))
                .build();
    }
}
