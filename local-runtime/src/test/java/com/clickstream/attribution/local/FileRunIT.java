package com.clickstream.attribution.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import com.clickstream.attribution.local.feed.EventTimeChunks;
import com.clickstream.attribution.local.feed.JsonLinesFile;
import com.clickstream.attribution.local.child.ReconcilerProcess;
import com.clickstream.attribution.local.report.CheckoutsCsv;
import org.junit.jupiter.api.Test;

/**
 * {@code run --events} on a generated file with late, duplicate, out-of-order and malformed records,
 * checked against attribution-core's rule computed here over the same file.
 */
class FileRunIT {

    private static final Duration WINDOW = Duration.ofMinutes(20);
    private static final Duration LATENESS = Duration.ofMinutes(4);

    @Test
    void dumpsEqualTheCoreRuleOverTheFile() throws Exception {
        Path work = Path.of("target", "it-work", "file-run");
        Path events = Path.of("target", "it-work", "file-run-events.jsonl");
        writeEvents(events);

        RuntimeOptions options = RuntimeOptions.fromMap(Map.of("work-dir", work.toString(),
                "window", "20m", "lateness", "4m"), RuntimeOptions.defaults());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalPipeline.Result result;
        Expected expected = Expected.over(events, LATENESS);
        CheckoutsCsv.Row explainedRow = expected.rows.values().stream().filter(CheckoutsCsv.Row::attributed).findFirst()
                .orElseThrow();
        ReconcilerProcess.Explained explained;
        ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
        ByteArrayOutputStream cliErr = new ByteArrayOutputStream();
        int cliExit;
        try (LocalPipeline pipeline = new LocalPipeline(options, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            result = pipeline.runFile(events, false);
            // explain, as `run --explain ID` runs it before the servers stop, and as `./pipeline explain` against them
            explained = pipeline.explain(explainedRow.checkoutId());
            cliExit = LocalRuntimeMain.run(new String[] {"explain", explainedRow.checkoutId(), "--json",
                    "--jdbc-url", pipeline.endpoints().jdbcUrl(), "--s3-endpoint", pipeline.endpoints().s3Endpoint().toString(),
                    "--window", "20m", "--work-dir", work.toString()},
                    new PrintStream(cliOut, true, StandardCharsets.UTF_8), new PrintStream(cliErr, true, StandardCharsets.UTF_8));
        }
        System.out.println(log.toString(StandardCharsets.UTF_8) + result.report().render());
        System.out.println(explained.text());

        assertThat(explained.exitCode()).as(explained.text()).isZero();
        assertThat(explained.text()).startsWith("checkout " + explainedRow.checkoutId() + ":")
                .contains("window W = 20m")
                .contains("first click: " + explainedRow.clickId() + " (" + explainedRow.trafficSource() + ")");
        assertThat(explained.text().lines().filter(l -> l.contains("<- CREDITED")).toList()).singleElement().asString()
                .contains(explainedRow.clickId());
        assertThat(cliExit).as(cliErr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(cliOut.toString(StandardCharsets.UTF_8)).startsWith("{")
                .contains("\"clickId\" : \"" + explainedRow.clickId() + "\"").contains("\"verdict\"");
        assertThat(expected.late).as("the file has late events").isPositive();
        assertThat(result.ledger().duplicates()).as("the file has duplicates").isPositive();
        assertThat(result.report().recordsAddUp()).isTrue();

        // reconciled: every checkout of the file, exactly as the core rule says
        assertThat(csv(result.finalRows())).isEqualTo(csv(new ArrayList<>(expected.rows.values())));

        // stream only: the same for every checkout whose checkout and candidate clicks arrived in time
        Map<String, String> stream = new HashMap<>();
        result.streamRows().forEach(r -> stream.put(r.checkoutId(), r.toCsv()));
        List<String> onTime = expected.onTime;
        System.out.printf("checkouts %d, on time %d, late events %d, stream rows %d%n", expected.rows.size(),
                onTime.size(), expected.late, result.streamRows().size());
        assertThat(onTime).hasSizeGreaterThan(expected.rows.size() / 2);
        assertThat(onTime.size()).as("some checkouts depend on late events").isLessThan(expected.rows.size());
        for (String id : onTime) {
            assertThat(stream.get(id)).as("stream row of on-time checkout " + id)
                    .isEqualTo(expected.rows.get(id).toCsv());
        }
    }

    private static void writeEvents(Path file) throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
        GeneratorConfig config = new GeneratorConfig(11, 400, start, Duration.ofMinutes(8), 0, 8, 0.03, 0.08,
                Duration.ofMinutes(1), Duration.ofMinutes(12), 0.05, Duration.ofSeconds(30), 0.01, 0.05, 0.2);
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        for (TrafficGenerator g = new TrafficGenerator(config); g.hasNext(); ) {
            GeneratedRecord r = g.next();
            lines.add(new String(r.record().payload(), StandardCharsets.UTF_8));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static List<String> csv(List<CheckoutsCsv.Row> rows) {
        return rows.stream().map(CheckoutsCsv.Row::toCsv).toList();
    }

    /** The core rule over the file's valid events (first copy of each id), and which checkouts were on time. */
    static final class Expected {
        final Map<String, CheckoutsCsv.Row> rows = new TreeMap<>();
        final List<String> onTime = new ArrayList<>();
        long late;

        static Expected over(Path file, Duration lateness) throws Exception {
            Expected e = new Expected();
            EventParser parser = new EventParser();
            Map<String, Click> clicks = new LinkedHashMap<>();
            Map<String, Checkout> checkouts = new LinkedHashMap<>();
            Map<String, Boolean> inTime = new HashMap<>();
            // which events the stream drops as late is fixed by the feed's chunking (EventTimeChunks)
            Set<String> lateIds = EventTimeChunks.plan(JsonLinesFile.read(file), lateness).lateEventIds();
            e.late = lateIds.size();
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                var record = JsonLinesFile.route(line, lineNo);
                EventType type = EventType.CHECKOUT.stream().equals(record.stream()) ? EventType.CHECKOUT : EventType.CLICK;
                if (!(parser.parse(record.payload(), type) instanceof ParseResult.Valid v)) {
                    continue;
                }
                if (!inTime.containsKey(v.eventId())) {
                    inTime.put(v.eventId(), !lateIds.contains(v.eventId()));
                    if (v.type() == EventType.CLICK) {
                        clicks.put(v.eventId(), v.click());
                    } else {
                        checkouts.put(v.eventId(), v.checkout());
                    }
                }
            }
            AttributionWindow window = new AttributionWindow(WINDOW);
            for (Checkout c : checkouts.values()) {
                Attribution a = FirstClickAttribution.attribute(c, clicks.values(), window);
                e.rows.put(a.checkoutId(), new CheckoutsCsv.Row(a.checkoutId(),
                        a.click().map(k -> k.clickId()).orElse(null), a.trafficSource(), a.revenue(), a.attributed()));
                Instant ts = c.getEventTs();
                boolean ok = inTime.get(c.getEventId()) && clicks.values().stream()
                        .filter(k -> k.getUserId().equals(c.getUserId()))
                        .filter(k -> !k.getEventTs().isAfter(ts) && !k.getEventTs().isBefore(ts.minus(WINDOW)))
                        .allMatch(k -> inTime.get(k.getEventId()));
                if (ok) {
                    e.onTime.add(a.checkoutId());
                }
            }
            return e;
        }
    }
}
