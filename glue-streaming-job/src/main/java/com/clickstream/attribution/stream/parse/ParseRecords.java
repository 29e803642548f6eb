package com.clickstream.attribution.stream.parse;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import com.clickstream.attribution.stream.schema.AvroRows;
import com.clickstream.attribution.stream.source.RawRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import org.apache.avro.generic.IndexedRecord;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;

/**
 * Validates every {@link RawRecords} row with attribution-core's {@link EventParser} (the same
 * parser and reason codes as every other component) and turns it into a {@link ParsedRecords} row.
 * Never throws on bad input: a bad record becomes a rejected row with its reason code and payload.
 *
 * <p>The expected event type comes from the stream the record arrived on, so a click on the
 * checkouts stream is rejected as {@code wrong_stream}; records from another stream name (tests,
 * replays) are accepted as either type.
 */
public final class ParseRecords implements MapPartitionsFunction<Row, Row> {

    private static final ObjectMapper SNIFFER = new ObjectMapper();

    private final String clicksStream;
    private final String checkoutsStream;
    private final Duration retention;

    public ParseRecords(String clicksStream, String checkoutsStream) {
        this(clicksStream, checkoutsStream, ValidationPolicy.DEFAULT.retention());
    }

    /** {@code retention}: the oldest event time accepted, back from the clock (the contract's default: 30 days). */
    public ParseRecords(String clicksStream, String checkoutsStream, Duration retention) {
        this.clicksStream = Objects.requireNonNull(clicksStream, "clicksStream");
        this.checkoutsStream = Objects.requireNonNull(checkoutsStream, "checkoutsStream");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        // thread-safe, but cheap enough to make per partition
        EventParser parser = new EventParser(ValidationPolicy.DEFAULT.withRetention(retention), Clock.systemUTC());
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                return parse(parser, input.next());
            }
        };
    }

    Row parse(EventParser parser, Row raw) {
        byte[] data = raw.getAs(RawRecords.DATA);
        String stream = raw.getAs(RawRecords.STREAM_NAME);
        String partitionKey = raw.getAs(RawRecords.PARTITION_KEY);
        String sequenceNumber = raw.getAs(RawRecords.SEQUENCE_NUMBER);
        ParseResult result = data == null
                ? new ParseResult.Rejected(com.clickstream.attribution.core.contract.RejectReason.NOT_JSON, "empty record")
                : parser.parse(data, expectedType(stream));
        if (result instanceof ParseResult.Valid valid) {
            boolean click = valid.type() == EventType.CLICK;
            Row event = AvroRows.toRow((IndexedRecord) valid.event());
            return row(valid.userId(), valid.type().wireName(), Timestamp.from(valid.eventTs()),
                    click ? event : null, click ? null : event,
                    valid.type().wireName(), null, null, null, stream, partitionKey, sequenceNumber);
        }
        ParseResult.Rejected rejected = (ParseResult.Rejected) result;
        String payload = data == null ? "" : new String(data, StandardCharsets.UTF_8);
        return row(partitionKey == null ? "" : partitionKey, ParsedRecords.KIND_REJECTED, null, null, null,
                sniffEventType(data), rejected.reason().code(), rejected.detail(), payload,
                stream, partitionKey, sequenceNumber);
    }

    /** Rows carry their schema, so fields read by name also outside Spark (tests). */
    private static Row row(Object... values) {
        return new GenericRowWithSchema(values, ParsedRecords.SCHEMA);
    }

    private EventType expectedType(String stream) {
        if (clicksStream.equals(stream)) {
            return EventType.CLICK;
        }
        if (checkoutsStream.equals(stream)) {
            return EventType.CHECKOUT;
        }
        return null;
    }

    /** click or checkout when the record is a JSON object naming one of them, else null. */
    static String sniffEventType(byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            JsonNode node = SNIFFER.readTree(data);
            JsonNode type = node == null ? null : node.get("event_type");
            if (type != null && type.isTextual()) {
                return EventType.fromWireName(type.textValue()).map(EventType::wireName).orElse(null);
            }
        } catch (Exception e) {
            // not JSON: no type to report
        }
        return null;
    }
}
