package com.clickstream.attribution.rawlanding;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventJson;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.MalformedCorpusFeed;
import com.clickstream.attribution.core.contract.MalformedCorpusFeed.Entry;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawObjectKey;
import com.clickstream.attribution.rawstore.RawPartition;
import com.clickstream.attribution.rawstore.parquet.RawParquetReader;
import com.clickstream.attribution.rawstore.parquet.RawRows;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Issue 8, bad input at the raw landing's entry point: the records of {@link MalformedCorpusFeed}
 * (attribution-core's malformed corpus and hostile-but-valid inputs, each between two valid events;
 * streams chosen as in {@code MalformedCorpusKinesisIT}: declared, else checkout when it says so, else
 * clicks) put into kinesalite and landed into s3proxy.
 *
 * <p>Expected, from the corpus files and attribution-core only: every malformed record is exactly one
 * error line under {@code raw-errors/<type>/} of its arrival hour, with its corpus reason code, a
 * message, its stream, partition key and sequence number, and its bytes exactly ({@code rawData});
 * every valid record is exactly one row under {@code raw/<type>/} of its arrival hour, equal to the
 * event attribution-core parsed from it (compared as UTF-8 wire JSON: a lone surrogate has no UTF-8
 * form, so Parquet keeps '?' as {@code EventJson.toJsonBytes} does — MalformedCorpusTest documents
 * it); the landing's counters add up to what the streams hold.
 */
class MalformedCorpusLandingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @Test
    void everyMalformedRecordLandsInRawErrorsWithItsReasonAndEveryValidOneInRawOnce() throws Exception {
        long started = System.nanoTime();
        LandingFixture f = new LandingFixture(KINESIS, S3, "malformed-corpus", 2);
        MalformedCorpusFeed feed = MalformedCorpusFeed.at(Instant.now());
        Map<String, String> names = new HashMap<>();
        f.streams.forEach((type, stream) -> names.put(type.stream(), stream));
        try (KinesisSink sink = new KinesisSink(KINESIS.client(), names)) {
            sink.send(feed.entries().stream()
                    .map(e -> new OutboundRecord(e.stream().stream(), e.partitionKey(), e.payload())).toList());
        }

        LandingStats.Snapshot stats;
        try (RawLandingRunner runner = RawLandingRunner.create(f.options())) {
            stats = runner.drain();
        }
        System.out.println("landing: " + stats);

        // what the streams hold, with Kinesis's arrival times, matched to the feed by stream and partition key
        Map<String, Entry> byKey = new HashMap<>();
        feed.entries().forEach(e -> byKey.put(e.stream().wireName() + "|" + e.partitionKey(), e));
        List<String> expectedRows = new ArrayList<>();
        List<String> expectedErrors = new ArrayList<>();
        int inStreams = 0;
        for (EventType type : EventType.values()) {
            for (Record r : KINESIS.readAll(f.streams.get(type))) {
                inStreams++;
                Entry e = byKey.get(type.wireName() + "|" + r.partitionKey());
                assertThat(e).as("stream record " + r.partitionKey()).isNotNull();
                assertThat(r.data().asByteArray()).as(e.label() + " in the stream").isEqualTo(e.payload());
                Instant arrival = r.approximateArrivalTimestamp();
                if (e.malformed()) {
                    expectedErrors.add(errorLine(RawLayout.errorKey(type, arrival, "x").replaceAll("x$", ""), e.expectedReason(),
                            f.streams.get(type), r.partitionKey(), r.sequenceNumber(), e.payload()));
                } else {
                    expectedRows.add(row(RawPartition.of(type, arrival).prefix(), (IndexedRecord) e.valid().event()));
                }
            }
        }
        Collections.sort(expectedRows);
        Collections.sort(expectedErrors);
        assertThat(inStreams).isEqualTo(feed.entries().size());

        // raw/: every valid record once, as parsed
        List<String> landed = new ArrayList<>();
        for (String key : S3.listKeys(f.bucket, RawLayout.RAW_PREFIX)) {
            RawObjectKey parsed = RawLayout.parse(key);
            RawRows<? extends SpecificRecord> rows = RawParquetReader.forType(parsed.partition().type())
                    .read(S3.getBytes(f.bucket, key), key);
            assertThat(rows.rejected()).as("rows of " + key).isEmpty();
            rows.events().forEach(ev -> landed.add(row(parsed.partition().prefix(), ev)));
        }
        Collections.sort(landed);
        assertThat(landed).as("valid records in raw/").containsExactlyElementsOf(expectedRows);

        // raw-errors/: every malformed record once, with its reason, where it came from and its exact bytes
        List<String> errors = new ArrayList<>();
        List<String> blankMessages = new ArrayList<>();
        for (String key : S3.listKeys(f.bucket, RawLayout.ERRORS_PREFIX)) {
            String folder = key.substring(0, key.lastIndexOf('/') + 1);
            for (String line : new String(S3.getBytes(f.bucket, key), StandardCharsets.UTF_8).split("\n")) {
                JsonNode n = JSON.readTree(line);
                errors.add(errorLine(folder, n.get("errorCode").asText(), n.get("sourceStream").asText(),
                        n.get("partitionKey").asText(), n.get("sequenceNumber").asText(),
                        Base64.getDecoder().decode(n.get("rawData").asText())));
                if (n.path("errorMessage").asText("").isBlank()) {
                    blankMessages.add(line);
                }
            }
        }
        Collections.sort(errors);
        assertThat(errors).as("malformed records in raw-errors/").containsExactlyElementsOf(expectedErrors);
        assertThat(blankMessages).isEmpty();

        // counts add up
        assertThat(stats.recordsRead()).isEqualTo(feed.entries().size());
        assertThat(stats.eventsLanded()).isEqualTo(feed.valid().size());
        assertThat(stats.recordsRejected()).isEqualTo(feed.malformed().size());
        System.out.printf("VERIFIED raw landing: %d records read = %d rows in raw/ (valid) + %d error lines in "
                        + "raw-errors/ (malformed, %d reasons, bytes exact); %.1f s%n", stats.recordsRead(), landed.size(),
                errors.size(), MalformedCorpusFeed.byReason(feed.entries()).size(), (System.nanoTime() - started) / 1e9);
    }

    /** "partition|wire JSON as UTF-8" of one landed event. */
    private static String row(String partition, IndexedRecord event) {
        return partition + "|" + new String(EventJson.toJsonBytes(event), StandardCharsets.UTF_8);
    }

    private static String errorLine(String folder, String reason, String stream, String partitionKey,
                                    String sequenceNumber, byte[] payload) {
        return String.join("|", folder, reason, stream, partitionKey, sequenceNumber,
                Base64.getEncoder().encodeToString(payload));
    }
}
