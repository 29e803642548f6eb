package com.clickstream.attribution.rawlanding;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.generator.run.Pump;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawObjectKey;
import com.clickstream.attribution.rawstore.RawPartition;
import com.clickstream.attribution.rawstore.parquet.RawParquetReader;
import com.clickstream.attribution.rawstore.parquet.RawRows;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Streams and a bucket for one test, fed by the generator, and the two views a test compares: what
 * the streams hold (with Kinesis's own arrival times) and what landed in S3.
 */
final class LandingFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    final KinesisServerExtension kinesis;
    final S3ServerExtension s3;
    final String bucket;
    final Map<EventType, String> streams = new HashMap<>();
    /** Payload -> the generated record, for every record fed. */
    final Map<String, GeneratedRecord> generated = new HashMap<>();
    long fed;

    LandingFixture(KinesisServerExtension kinesis, S3ServerExtension s3, String name, int shards) {
        this.kinesis = kinesis;
        this.s3 = s3;
        this.bucket = name;
        for (EventType type : EventType.values()) {
            streams.put(type, name + "-" + type.stream());
            kinesis.createStream(streams.get(type), shards);
        }
        s3.createBucket(bucket);
    }

    RawLandingOptions options() {
        return RawLandingOptions.defaults()
                .withBucket(bucket)
                .withStreams(streams)
                .withEndpoints(kinesis.endpoint(), s3.endpoint())
                .withBuffer(8 * 1024, Duration.ofMillis(500))
                .withPolling(Duration.ofMillis(100), Duration.ZERO, 1_000)
                .withQuietPeriod(Duration.ofSeconds(1))
                .withMaxRetryBackoff(Duration.ofMillis(200))
                .withProgressInterval(Duration.ofSeconds(5));
    }

    /** Generator traffic with more malformed records than the default (every reason shows up). */
    static GeneratorConfig traffic(long seed, long events) {
        // 50 events/s over up to 2 h of event time ending before now, so no event is in the future
        GeneratorConfig d = GeneratorConfig.defaults(Instant.now().minus(Duration.ofHours(2)));
        return new GeneratorConfig(seed, d.users(), d.start(), Duration.ofHours(2), events, 50.0,
                0.02, 0.02, d.lateDelayMin(), d.lateDelayMax(), 0.05, d.outOfOrderMaxDelay(), 0.03,
                d.noClickBuyerFraction(), d.clickAfterCheckoutFraction());
    }

    /** Puts the generated records into the streams (PutRecords, batches of 500). */
    long feed(GeneratorConfig config) {
        Map<String, String> names = new HashMap<>();
        streams.forEach((type, stream) -> names.put(type.stream(), stream));
        Iterator<GeneratedRecord> source = new TrafficGenerator(config);
        Iterator<GeneratedRecord> remembering = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public GeneratedRecord next() {
                GeneratedRecord r = source.next();
                generated.putIfAbsent(new String(r.record().payload(), StandardCharsets.UTF_8), r);
                return r;
            }
        };
        try (KinesisSink sink = new KinesisSink(kinesis.client(), names)) {
            var summary = new Pump(sink, 500, 0, Duration.ofMinutes(1), s -> { }).run(remembering);
            if (summary.sink().failed() > 0) {
                throw new AssertionError("the generator could not put every record: " + summary.sink());
            }
            fed += summary.sink().sent();
            return summary.sink().sent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** "type|event_id|arrival partition" for every valid record in the streams, sorted (a multiset). */
    List<String> expectedLandings() {
        List<String> out = new ArrayList<>();
        forEachStreamRecord((type, record, g) -> {
            if (g.kind() != RecordKind.MALFORMED) {
                out.add(type.wireName() + "|" + g.eventId() + "|" + RawPartition.of(type, record.approximateArrivalTimestamp()).prefix());
            }
        });
        Collections.sort(out);
        return out;
    }

    /** "type|reason|arrival partition|payload" for every malformed record in the streams, sorted. */
    List<String> expectedErrors() {
        List<String> out = new ArrayList<>();
        forEachStreamRecord((type, record, g) -> {
            if (g.kind() == RecordKind.MALFORMED) {
                out.add(type.wireName() + "|" + g.rejectReason().code() + "|"
                        + RawLayout.errorKey(type, record.approximateArrivalTimestamp(), "x").replaceAll("x$", "") + "|"
                        + record.data().asUtf8String());
            }
        });
        Collections.sort(out);
        return out;
    }

    int streamRecords() {
        int[] n = {0};
        forEachStreamRecord((t, r, g) -> n[0]++);
        return n[0];
    }

    /** The same shape as {@link #expectedLandings()} from what is in S3 under raw/. */
    List<String> actualLandings() throws BadRawObjectException {
        List<String> out = new ArrayList<>();
        for (String key : s3.listKeys(bucket, RawLayout.RAW_PREFIX)) {
            RawObjectKey parsed = RawLayout.parse(key);
            RawRows<? extends SpecificRecord> rows = RawParquetReader.forType(parsed.partition().type())
                    .read(s3.getBytes(bucket, key), key);
            if (!rows.rejected().isEmpty()) {
                throw new AssertionError("rejected rows in " + key + ": " + rows.rejected());
            }
            for (SpecificRecord event : rows.events()) {
                out.add(parsed.partition().type().wireName() + "|" + event.get(0) + "|" + parsed.partition().prefix());
            }
        }
        Collections.sort(out);
        return out;
    }

    /** The same shape as {@link #expectedErrors()} from the error lines under raw-errors/. */
    List<String> actualErrors() {
        List<String> out = new ArrayList<>();
        for (String key : s3.listKeys(bucket, RawLayout.ERRORS_PREFIX)) {
            String folder = key.substring(0, key.lastIndexOf('/') + 1);
            String type = key.split("/")[1];
            for (String line : new String(s3.getBytes(bucket, key), StandardCharsets.UTF_8).split("\n")) {
                try {
                    JsonNode node = JSON.readTree(line);
                    out.add(type + "|" + node.get("errorCode").asText() + "|" + folder + "|"
                            + new String(Base64.getDecoder().decode(node.get("rawData").asText()), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    private interface StreamRecordVisitor {
        void visit(EventType type, Record record, GeneratedRecord generated);
    }

    private void forEachStreamRecord(StreamRecordVisitor visitor) {
        for (EventType type : EventType.values()) {
            for (Record record : kinesis.readAll(streams.get(type))) {
                GeneratedRecord g = generated.get(record.data().asUtf8String());
                if (g == null) {
                    throw new AssertionError("a record in " + streams.get(type) + " the generator did not make");
                }
                visitor.visit(type, record, g);
            }
        }
    }
}
