package com.clickstream.attribution.faults;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.generator.run.Pump;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import com.clickstream.attribution.rawlanding.RawLandingOptions;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Generated traffic (malformed records included) put into two Kinesis streams for a raw landing, and
 * the two views a landing fault test compares: the records the streams hold (with Kinesis's arrival
 * times) and what the landing wrote to S3 (Parquet read back with raw-store's reader, error lines).
 */
final class RawLandingTraffic {

    /** A record in a stream and what the generator made it as. */
    record StreamRecord(EventType type, String stream, Record record, GeneratedRecord generated) {

        boolean malformed() {
            return generated.kind() == RecordKind.MALFORMED;
        }

        /** "type|event_id|raw partition of its arrival hour": where a valid record must land. */
        String landing() {
            return type.wireName() + "|" + generated.eventId() + "|"
                    + RawPartition.of(type, record.approximateArrivalTimestamp()).prefix();
        }

        /** "stream|sequence number|reason|arrival hour folder|payload": the error line a malformed record must get. */
        String error() {
            return stream + "|" + record.sequenceNumber() + "|" + generated.rejectReason().code() + "|"
                    + hourFolder(RawLayout.errorKey(null, record.approximateArrivalTimestamp(), "x")) + "|"
                    + record.data().asUtf8String();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KinesisServerExtension kinesis;
    private final S3ServerExtension s3;
    private final String bucket;
    private final Map<EventType, String> streams = new EnumMap<>(EventType.class);
    private final Map<String, GeneratedRecord> byPayload = new HashMap<>();
    private long sent;

    RawLandingTraffic(KinesisServerExtension kinesis, S3ServerExtension s3, String name, int shards) {
        this.kinesis = kinesis;
        this.s3 = s3;
        this.bucket = name;
        for (EventType type : EventType.values()) {
            streams.put(type, name + "-" + type.stream());
            kinesis.createStream(streams.get(type), shards);
        }
        s3.createBucket(bucket);
    }

    /**
     * Small buffers and a short interval, so the landing writes many objects (each flush: checkpoint
     * intent, objects, checkpoint); backoff capped at {@code maxBackoff} so it resumes soon after an outage.
     */
    RawLandingOptions options(Duration maxBackoff) {
        return RawLandingOptions.defaults()
                .withBucket(bucket)
                .withStreams(streams)
                .withEndpoints(kinesis.endpoint(), s3.endpoint())
                .withBuffer(8 * 1024, Duration.ofMillis(500))
                .withPolling(Duration.ofMillis(100), Duration.ZERO, 500)
                .withQuietPeriod(Duration.ofSeconds(1))
                .withMaxRetryBackoff(maxBackoff)
                .withProgressInterval(Duration.ofSeconds(5));
    }

    /**
     * Puts {@code events} generated records (seeded) into the streams: event times in the two hours
     * before now (so none is in the future at arrival), 2% duplicates, 3% extra malformed records.
     */
    long feed(long seed, long events) {
        GeneratorConfig d = GeneratorConfig.defaults(Instant.now().minus(Duration.ofHours(2)));
        GeneratorConfig config = new GeneratorConfig(seed, d.users(), d.start(), Duration.ofHours(2), events, 50.0,
                0.02, 0.02, d.lateDelayMin(), d.lateDelayMax(), 0.05, d.outOfOrderMaxDelay(), 0.03,
                d.noClickBuyerFraction(), d.clickAfterCheckoutFraction());
        Map<String, String> names = new HashMap<>();
        streams.forEach((type, stream) -> names.put(type.stream(), stream));
        TrafficGenerator generator = new TrafficGenerator(config);
        Iterator<GeneratedRecord> remembered = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return generator.hasNext();
            }

            @Override
            public GeneratedRecord next() {
                GeneratedRecord r = generator.next();
                byPayload.putIfAbsent(new String(r.record().payload(), StandardCharsets.UTF_8), r);
                return r;
            }
        };
        try (KinesisSink sink = new KinesisSink(kinesis.client(), names)) {
            var summary = new Pump(sink, 500, 0, Duration.ofMinutes(1), s -> { }).run(remembered);
            if (summary.sink().failed() > 0) {
                throw new AssertionError("the generator could not put every record: " + summary.sink());
            }
            sent += summary.sink().sent();
            return summary.sink().sent();
        } catch (Exception e) {
            throw new IllegalStateException("feeding the streams failed", e);
        }
    }

    long sent() {
        return sent;
    }

    String bucket() {
        return bucket;
    }

    /** Every record in both streams, with the generated record it was made from. */
    List<StreamRecord> streamRecords() {
        List<StreamRecord> out = new ArrayList<>();
        streams.forEach((type, stream) -> {
            for (Record record : kinesis.readAll(stream)) {
                GeneratedRecord g = byPayload.get(record.data().asUtf8String());
                if (g == null) {
                    throw new AssertionError("a record in " + stream + " the generator did not make");
                }
                out.add(new StreamRecord(type, stream, record, g));
            }
        });
        return out;
    }

    /** {@link StreamRecord#landing()} for every event in every raw Parquet object (rows read back with raw-store's reader). */
    List<String> landedEvents() throws BadRawObjectException {
        List<String> out = new ArrayList<>();
        for (String key : s3.listKeys(bucket, RawLayout.RAW_PREFIX)) {
            RawObjectKey parsed = RawLayout.parse(key);
            RawRows<? extends SpecificRecord> rows = RawParquetReader.forType(parsed.partition().type())
                    .read(s3.getBytes(bucket, key), key);
            if (!rows.rejected().isEmpty()) {
                throw new AssertionError("rows raw-store rejects in " + key + ": " + rows.rejected());
            }
            for (SpecificRecord event : rows.events()) {
                out.add(parsed.partition().type().wireName() + "|" + event.get(0) + "|" + parsed.partition().prefix());
            }
        }
        return out;
    }

    /** {@link StreamRecord#error()} for every error line under raw-errors/. */
    List<String> errorLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (String key : s3.listKeys(bucket, RawLayout.ERRORS_PREFIX)) {
            for (String line : new String(s3.getBytes(bucket, key), StandardCharsets.UTF_8).split("\n")) {
                JsonNode node = JSON.readTree(line);
                out.add(node.get("sourceStream").asText() + "|" + node.get("sequenceNumber").asText() + "|"
                        + node.get("errorCode").asText() + "|" + hourFolder(key) + "|"
                        + new String(Base64.getDecoder().decode(node.get("rawData").asText()), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    int objectCount(String prefix) {
        return s3.listKeys(bucket, prefix).size();
    }


    /** "dt=.../hour=.../" of an error key, whatever its type folder. */
    private static String hourFolder(String errorKey) {
        String[] parts = errorKey.split("/");
        return parts[2] + "/" + parts[3] + "/";
    }
}
