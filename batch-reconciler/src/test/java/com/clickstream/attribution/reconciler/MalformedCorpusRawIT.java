package com.clickstream.attribution.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventJson;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.MalformedCorpusFeed;
import com.clickstream.attribution.core.contract.MalformedCorpusFeed.Entry;
import com.clickstream.attribution.core.contract.RejectReason;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawPartition;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.RawObjectDecoder;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.support.MalformedCorpusParquet;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, bad input at the reconciler's entry point: the raw S3 data. That input is Parquet written by
 * Firehose from the Kinesis records, so the JSON-level defects of attribution-core's malformed corpus
 * (truncated or invalid JSON, invalid UTF-8, wrong JSON types, numbers no column can hold, ...) cannot
 * reach it: Firehose sends the records it cannot convert to its error prefix, which the reconciler never
 * reads. Every corpus record that CAN be a row of the raw table ({@link MalformedCorpusParquet}: nulls,
 * blank ids, negative and absurd amounts, totals that do not add up, unknown event_type values, times far
 * in the future or past, huge strings, NUL characters, ...) is written as a raw row among the valid rows
 * of {@link MalformedCorpusFeed} (its neighbours and the hostile-but-valid inputs), with raw-store's
 * writer and layout (rows with a null in a required column in a Firehose-shaped file, every column
 * optional), all arriving in one hour; then the reconciler runs in this JVM ({@link ReconcilerHarness}).
 *
 * <p>Expected, from the corpus and attribution-core only: every such row is rejected and kept in
 * {@code dead_letters} (source reconciler, object key, row number) with the corpus's reason code; no
 * valid row is; {@code attributed_checkouts} equals {@code FirstClickAttribution} over the valid rows;
 * rows = read + rejected, and staged = the rows read whose event time is in the run's range.
 *
 * <p>Not representable, printed with the reason for each: whatever the conversion model refuses, plus
 * rows whose defect does not survive conversion (a record too large only by JSON whitespace), and rows
 * that depend on their arrival time to the millisecond: a raw row's arrival is only known to its hour, and
 * the reconciler judges event times at the hour's end plus Firehose's buffering
 * ({@link RawObjectDecoder#ARRIVAL_SLACK}).
 */
class MalformedCorpusRawIT {

    private static final Instant ARRIVAL = Instant.parse("2024-03-01T12:30:00Z");
    private static final String BUCKET = "raw-corpus";

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    Path workDir;

    /** A row written to an object, and the feed record it came from. */
    private record Planned(Entry entry, SpecificRecord row) {
    }

    @Test
    void everyRepresentableMalformedRowIsKeptWithItsReasonAndTheValidRowsAreReconciledByTheRule() throws Exception {
        long started = System.nanoTime();
        MalformedCorpusFeed feed = MalformedCorpusFeed.at(ARRIVAL);
        Instant judgedAt = RawPartition.of(EventType.CLICK, ARRIVAL).end().plus(RawObjectDecoder.ARRIVAL_SLACK);
        Map<EventType, List<Planned>> clean = new EnumMap<>(EventType.class);
        Map<EventType, List<Planned>> withNulls = new EnumMap<>(EventType.class);
        List<String> notRepresentable = new ArrayList<>();
        for (Entry e : feed.entries()) {
            SpecificRecord row;
            String why;
            if (e.malformed()) {
                MalformedCorpusParquet.Conversion c = MalformedCorpusParquet.convert(e.payload(), e.stream());
                row = c.row();
                why = c.notRepresentable() != null ? c.notRepresentable() : lostInConversion(e, row, judgedAt);
            } else {
                row = e.valid().event();
                why = lostInConversion(e, row, judgedAt);
            }
            if (why != null) {
                notRepresentable.add(e.label() + (e.malformed() ? " (" + e.expectedReason() + ")" : " (valid)") + ": " + why);
                continue;
            }
            (MalformedCorpusParquet.hasRequiredNull(row) ? withNulls : clean)
                    .computeIfAbsent(e.stream(), t -> new ArrayList<>()).add(new Planned(e, row));
        }

        // the raw bucket: per type one object from raw-store's writer, one Firehose-shaped for rows with nulls
        RawBucket raw = RawBucket.emptied(S3.s3Client(), BUCKET);
        Map<String, Planned> byRow = new HashMap<>();
        long rowsWritten = 0;
        for (EventType type : EventType.values()) {
            List<Planned> plain = clean.getOrDefault(type, List.of());
            String key = RawLayout.objectKey(type, ARRIVAL, "corpus-rows");
            raw.put(key, new RawParquetWriter(type).write(plain.stream().map(Planned::row).toList()));
            rowsWritten += index(byRow, key, plain);
            List<Planned> nulls = withNulls.getOrDefault(type, List.of());
            if (!nulls.isEmpty()) {
                String nullsKey = RawLayout.objectKey(type, ARRIVAL, "corpus-rows-with-nulls");
                raw.put(nullsKey, MalformedCorpusParquet.firehoseShaped(type,
                        nulls.stream().map(p -> (IndexedRecord) p.row()).toList()));
                rowsWritten += index(byRow, nullsKey, nulls);
            }
        }
        List<Planned> malformedRows = byRow.values().stream().filter(p -> p.entry().malformed()).toList();
        List<Planned> validRows = byRow.values().stream().filter(p -> !p.entry().malformed()).toList();
        System.out.printf("raw rows: %d (%d malformed in %d reasons, %d valid); not representable: %d of %d corpus "
                        + "records%n", rowsWritten, malformedRows.size(),
                MalformedCorpusFeed.byReason(malformedRows.stream().map(Planned::entry).toList()).size(),
                validRows.size(), notRepresentable.size(), feed.entries().size() / 3);
        notRepresentable.forEach(n -> System.out.println("  not representable: " + n));

        Map<String, String> options = Map.of("from", "2024-03-01T00:00:00Z", "to", "2024-03-02T00:00:00Z", "buckets", "4");
        ReconciliationParameters parameters = ReconciliationParameters.fromOptions(options, Clock.systemUTC());
        long inRange = validRows.stream().filter(p -> {
            Instant ts = p.entry().valid().eventTs();
            Instant from = p.entry().stream() == EventType.CLICK ? parameters.clicksFrom() : parameters.rollupFrom();
            return !ts.isBefore(from) && ts.isBefore(parameters.rollupTo());
        }).count();
        ReconciliationLauncher.Outcome outcome;
        try (ReconcilerHarness reconciler = ReconcilerHarness.start(POSTGRES, S3, BUCKET, workDir, Map.of())) {
            outcome = reconciler.reconcile(options);
            assertThat(outcome.succeeded()).isTrue();
            Map<String, Object> run = reconciler.run(outcome.runId().orElseThrow());
            assertThat(run.get("status")).isEqualTo("completed");
            JsonNode summary = new ObjectMapper().readTree((String) run.get("summary"));

            // every malformed row kept once with its reason; no valid row rejected
            List<String> wrong = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            List<Map<String, Object>> deadLetters = reconciler.jdbc().queryForList(
                    "SELECT event_type, reason_code, detail, payload, object_key FROM ecommerce.dead_letters "
                            + "WHERE source = 'reconciler' ORDER BY id");
            for (Map<String, Object> d : deadLetters) {
                String id = (String) d.get("payload"); // "parquet row N of key"
                Planned p = byRow.get(id);
                if (p == null || !p.entry().malformed()) {
                    wrong.add("dead letter for " + (p == null ? id : "valid " + p.entry().label()) + ": "
                            + d.get("reason_code") + " " + d.get("detail"));
                    continue;
                }
                seen.merge(id, 1, Integer::sum);
                if (!p.entry().expectedReason().equals(d.get("reason_code"))) {
                    wrong.add(p.entry().label() + ": " + d.get("reason_code") + " (" + d.get("detail") + "), expected "
                            + p.entry().expectedReason());
                }
                if (!p.entry().stream().wireName().equals(d.get("event_type")) || !id.endsWith(" of " + d.get("object_key"))
                        || String.valueOf(d.get("detail")).isBlank()) {
                    wrong.add(p.entry().label() + ": kept as " + d);
                }
            }
            byRow.forEach((id, p) -> {
                if (p.entry().malformed() && seen.getOrDefault(id, 0) != 1) {
                    wrong.add(p.entry().label() + ": " + seen.getOrDefault(id, 0) + " dead letters, expected 1");
                }
            });
            assertThat(wrong).as("malformed raw rows not kept exactly once with their reason").isEmpty();

            // counts add up: rows = read (valid) + rejected; staged = the rows read whose event time is in the
            // run's range (the click at the retention bound is read but cannot matter to the range)
            long read = ((Number) run.get("events_read")).longValue();
            assertThat(summary.get("rejected_rows").asLong()).isEqualTo(malformedRows.size());
            assertThat(read).isEqualTo(validRows.size());
            assertThat(read + summary.get("rejected_rows").asLong()).isEqualTo(rowsWritten);
            assertThat(summary.get("events_staged").asLong()).isEqualTo(inRange);

            // the valid rows reconciled exactly as attribution-core's rule says
            Map<String, Attribution> expected = MalformedCorpusFeed.expectedAttributions(
                    validRows.stream().map(Planned::entry).toList(), AttributionWindow.DEFAULT);
            assertThat(reconciler.table()).isEqualTo(new TreeMap<>(expected));
            assertThat(reconciler.ledger()).hasSize(expected.size());
            long attributed = expected.values().stream().filter(Attribution::attributed).count();
            System.out.printf("VERIFIED reconciler: %d raw rows = %d read (%d staged) + %d rejected, each kept in "
                            + "dead_letters with its corpus reason; %d checkouts (%d attributed) = FirstClickAttribution; "
                            + "%d corpus records not representable as raw rows; %.1f s%n", rowsWritten, read,
                    summary.get("events_staged").asLong(), malformedRows.size(), expected.size(), attributed,
                    notRepresentable.size(), (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Why a converted row cannot stand for its record although it converts: its defect was JSON formatting
     * (too large only by whitespace), or it depends on an arrival time finer than the row's hour.
     */
    private static String lostInConversion(Entry e, SpecificRecord row, Instant judgedAt) {
        ValidationPolicy policy = ValidationPolicy.DEFAULT;
        if (RejectReason.RECORD_TOO_LARGE.code().equals(e.expectedReason())
                && EventJson.toJsonBytes(row).length <= policy.maxRecordBytes()) {
            return "too large only by JSON whitespace, which conversion drops: the row is "
                    + EventJson.toJsonBytes(row).length + " bytes as JSON";
        }
        Object ts = row.get(row.getSchema().getField("event_ts").pos());
        if (!(ts instanceof Instant eventTs)) {
            return null;
        }
        boolean future = eventTs.isAfter(judgedAt.plus(policy.maxClockSkew()));
        boolean past = eventTs.isBefore(judgedAt.minus(policy.retention()));
        boolean expectsTime = RejectReason.EVENT_TIME_IN_FUTURE.code().equals(e.expectedReason())
                || RejectReason.EVENT_TIME_BEFORE_RETENTION.code().equals(e.expectedReason());
        boolean judgedOtherwise = e.malformed()
                ? expectsTime && !(RejectReason.EVENT_TIME_IN_FUTURE.code().equals(e.expectedReason()) ? future : past)
                : future || past;
        return judgedOtherwise ? "event_ts " + eventTs + " is on the other side of a bound at the row's arrival hour, "
                + "judged at " + judgedAt + " (a raw row's arrival is only known to its hour)" : null;
    }

    private static long index(Map<String, Planned> byRow, String key, List<Planned> rows) {
        for (int i = 0; i < rows.size(); i++) {
            byRow.put("parquet row " + i + " of " + key, rows.get(i));
        }
        return rows.size();
    }
}
