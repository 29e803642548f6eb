package com.clickstream.attribution.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.clickstream.attribution.core.contract.MalformedCorpusFeed;
import com.clickstream.attribution.core.contract.MalformedCorpusFeed.Entry;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.local.report.CheckoutsCsv;
import com.clickstream.attribution.local.report.PipelineReport;
import com.clickstream.attribution.local.stack.Endpoints;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, bad input at {@code ./pipeline run --events FILE}: {@link LocalPipeline#runFile} (what the
 * command runs) on a JSON-lines file made of {@link MalformedCorpusFeed}: attribution-core's malformed
 * corpus and hostile-but-valid inputs, each line between two valid events, written as raw bytes (invalid
 * UTF-8 included). Whole stack: embedded PostgreSQL, s3proxy, kinesalite, the streaming job and the
 * reconciler as child JVMs, the raw landing in this JVM.
 *
 * <p>Not every corpus record can be a line, printed with the reason: a record holding a line break
 * (CR or LF) would be cut into other lines, an empty or blank record is no line (the reader skips blank
 * lines), and the wrong-stream case only exists with streams: a file line has none, the runtime routes it
 * by its event_type.
 *
 * <p>Expected, from the corpus and attribution-core only: the stream's dead letters are exactly the
 * malformed lines, each with its corpus reason code and its payload (decoded as UTF-8, NUL as U+FFFD);
 * the report adds up ({@link PipelineReport#recordsAddUp()}, {@link PipelineReport#checkoutsAddUp()}) with
 * the corpus's rejections by reason; the reconciled table equals {@code FirstClickAttribution} over the
 * valid lines; the reconciler finds nothing to reject in the landed raw data.
 */
class MalformedCorpusFileRunIT {

    @Test
    void everyMalformedLineIsADeadLetterWithItsReasonAndTheValidLinesAreAttributedByTheRule() throws Exception {
        long started = System.nanoTime();
        Path work = Path.of("target", "it-work", "malformed-corpus-file-run");
        Path events = Path.of("target", "it-work", "malformed-corpus-events.jsonl");
        MalformedCorpusFeed feed = MalformedCorpusFeed.at(Instant.now());
        List<Entry> lines = new ArrayList<>();
        List<String> notALine = new ArrayList<>();
        for (Entry e : feed.entries()) {
            String why = whyNotALine(e);
            if (why == null) {
                lines.add(e);
            } else {
                notALine.add(e.label() + " (" + (e.malformed() ? e.expectedReason() : "valid") + "): " + why);
            }
        }
        writeLines(events, lines);
        List<Entry> malformed = lines.stream().filter(Entry::malformed).toList();
        Map<String, Long> expectedByReason = MalformedCorpusFeed.byReason(lines);
        System.out.printf("file %s: %d lines (%d malformed in %d reasons); %d corpus records cannot be a line:%n",
                events, lines.size(), malformed.size(), expectedByReason.size(), notALine.size());
        notALine.forEach(n -> System.out.println("  not a line: " + n));

        // lateness 2h: the corpus's times span an hour (plus one click at the retention bound), so the feed
        // goes in 2-3 event-time chunks instead of ~9; which events the stream drops late does not matter
        // here, the reconciled table is checked
        RuntimeOptions options = RuntimeOptions.fromMap(Map.of("work-dir", work.toString(), "lateness", "2h"),
                RuntimeOptions.defaults());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalPipeline.Result result;
        List<String> deadLetters = new ArrayList<>();
        long reconcilerRejections;
        try (LocalPipeline pipeline = new LocalPipeline(options, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            result = pipeline.runFile(events, false);
            Endpoints db = pipeline.endpoints();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.dbUser(), db.dbPassword())) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT reason_code, payload FROM ecommerce.dead_letters WHERE source = 'stream'");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        deadLetters.add(rs.getString(1) + "|" + rs.getString(2));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM ecommerce.dead_letters WHERE source <> 'stream'");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    reconcilerRejections = rs.getLong(1);
                }
            }
        } finally {
            System.out.println(log.toString(StandardCharsets.UTF_8));
        }
        PipelineReport report = result.report();
        System.out.println(report.render());

        // dead letters = the malformed lines, each with its reason and payload
        List<String> expectedDeadLetters = new ArrayList<>(malformed.stream()
                .map(e -> e.expectedReason() + "|" + new String(e.payload(), StandardCharsets.UTF_8).replace('\u0000', '\uFFFD'))
                .sorted().toList());
        deadLetters.sort(null);
        assertThat(deadLetters).as("stream dead letters (reason|payload)").containsExactlyElementsOf(expectedDeadLetters);
        assertThat(reconcilerRejections).as("dead letters of other components").isZero();

        // the report adds up, with the corpus's rejections
        assertThat(report.recordsIn()).isEqualTo(lines.size());
        assertThat(report.streamEventsIn()).isEqualTo(lines.size());
        assertThat(report.rejectedByReasonSent()).isEqualTo(expectedByReason);
        assertThat(report.deadLettersByReason()).isEqualTo(expectedByReason);
        assertThat(report.recordsAddUp()).isTrue();
        assertThat(report.checkoutsAddUp()).isTrue();

        // the valid lines reconciled exactly as attribution-core's rule says
        Map<String, Attribution> expected = MalformedCorpusFeed.expectedAttributions(
                lines.stream().filter(e -> !e.malformed()).toList(), AttributionWindow.DEFAULT);
        List<String> want = expected.values().stream().map(a -> new CheckoutsCsv.Row(a.checkoutId(),
                a.click().map(k -> k.clickId()).orElse(null), a.trafficSource(), a.revenue(), a.attributed()).toCsv())
                .sorted().toList();
        assertThat(result.finalRows().stream().map(CheckoutsCsv.Row::toCsv).sorted().toList()).isEqualTo(want);
        long attributed = expected.values().stream().filter(Attribution::attributed).count();
        System.out.printf("VERIFIED ./pipeline run --events: %d lines = %d distinct valid events + %d duplicate copies "
                        + "+ %d rejected (%d reasons, each a dead letter with its payload); %d checkouts reconciled "
                        + "(%d attributed) = FirstClickAttribution; %d corpus records not a line; %.1f s%n",
                report.recordsIn(), report.clicksSent() + report.checkoutsSent(), report.duplicatesSent(),
                malformed.size(), expectedByReason.size(), expected.size(), attributed, notALine.size(),
                (System.nanoTime() - started) / 1e9);
    }

    /** Why a record cannot be one line of a JSON-lines file, or null. */
    private static String whyNotALine(Entry e) {
        for (byte b : e.payload()) {
            if (b == '\n' || b == '\r') {
                return "holds a line break (" + (b == '\n' ? "LF" : "CR") + "): a file would cut it into other lines";
            }
        }
        if (new String(e.payload(), StandardCharsets.ISO_8859_1).isBlank()) {
            return "empty or blank: a file's blank lines are skipped, not records";
        }
        if (MalformedCorpusFeed.apparentType(e.payload()) != e.stream()) {
            return "arrives on the " + e.stream().stream() + " stream by declaration; a file line has no stream "
                    + "(the runtime routes it by its event_type)";
        }
        return null;
    }

    private static void writeLines(Path file, List<Entry> lines) throws Exception {
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : lines) {
            out.write(e.payload());
            out.write('\n');
        }
        Files.write(file, out.toByteArray());
    }
}
