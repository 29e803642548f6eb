package com.clickstream.attribution.core.contract;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns one wire record into a typed event or a {@link ParseResult.Rejected} with a reason code.
 * Never throws on bad input: every record gets an answer, so a consumer can keep the bad ones as
 * dead letters and go on. Thread-safe.
 *
 * <p>Order of checks: size, JSON, object, event type, (stream), fields and types, then the
 * semantic checks of {@link EventValidator}.
 */
public final class EventParser {

    private final ValidationPolicy policy;
    private final EventValidator validator;
    private final Clock clock;

    public EventParser(ValidationPolicy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.validator = new EventValidator(policy);
    }

    /** Default policy, system UTC clock. */
    public EventParser() {
        this(ValidationPolicy.DEFAULT, Clock.systemUTC());
    }

    public ParseResult parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8), null);
    }

    public ParseResult parse(byte[] payload) {
        return parse(payload, null);
    }

    /**
     * @param expected the type the source stream carries, or null when records mix types (files,
     *                 dead-letter replays); a mismatch is rejected as {@link RejectReason#WRONG_STREAM}
     */
    public ParseResult parse(byte[] payload, EventType expected) {
        try {
            if (payload.length > policy.maxRecordBytes()) {
                throw new ContractViolation(RejectReason.RECORD_TOO_LARGE,
                        "record is " + payload.length + " bytes, maximum " + policy.maxRecordBytes());
            }
            JsonNode object = readObject(payload);
            EventType type = typeOf(object);
            if (expected != null && type != expected) {
                throw new ContractViolation(RejectReason.WRONG_STREAM,
                        "a " + type.wireName() + " event on the " + expected.stream() + " stream");
            }
            SpecificRecord event = (SpecificRecord) EventJson.decode(object, type.schema(), "");
            if (type == EventType.CLICK) {
                validator.validateClick((Click) event, clock.instant());
            } else {
                validator.validateCheckout((Checkout) event, clock.instant());
            }
            return new ParseResult.Valid(type, event);
        } catch (ContractViolation v) {
            return new ParseResult.Rejected(v.reason(), v.getMessage());
        }
    }

    /**
     * Checks an event that was decoded from something other than wire JSON (a raw Parquet row:
     * Firehose converts records to Parquet without running this parser) the way {@link #parse} checks
     * a record: the size of its wire JSON, its {@code event_type} against {@code expected} (the type
     * of the file or stream it came from), then the semantic rules, with event times judged at
     * {@code now} instead of this parser's clock. The JSON-level checks cannot apply to a decoded event.
     *
     * @param event a {@link Click} or {@link Checkout}
     * @throws IllegalArgumentException when {@code event} is not of {@code expected}'s class (a caller bug,
     *                                  not bad data)
     */
    public ParseResult validate(SpecificRecord event, EventType expected, Instant now) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(now, "now");
        if (!expected.schema().equals(event.getSchema())) {
            throw new IllegalArgumentException("a " + event.getSchema().getName() + " is not a " + expected.wireName());
        }
        try {
            int bytes = jsonSizeBound(event) <= policy.maxRecordBytes() ? 0 : EventJson.toJsonBytes(event).length;
            if (bytes > policy.maxRecordBytes()) {
                throw new ContractViolation(RejectReason.RECORD_TOO_LARGE,
                        "event is " + bytes + " bytes as JSON, maximum " + policy.maxRecordBytes());
            }
            Object declared = event.get(event.getSchema().getField("event_type").pos());
            EventType type = EventType.fromWireName(declared == null ? null : declared.toString())
                    .orElseThrow(() -> new ContractViolation(RejectReason.UNKNOWN_EVENT_TYPE,
                            "event_type " + (declared == null ? "is missing" : "'" + declared + "' is neither click nor checkout")));
            if (type != expected) {
                throw new ContractViolation(RejectReason.WRONG_STREAM,
                        "a " + type.wireName() + " event among " + expected.wireName() + " events");
            }
            if (type == EventType.CLICK) {
                validator.validateClick((Click) event, now);
            } else {
                validator.validateCheckout((Checkout) event, now);
            }
            return new ParseResult.Valid(type, event);
        } catch (ContractViolation v) {
            return new ParseResult.Rejected(v.reason(), v.getMessage());
        }
    }

    /**
     * An upper bound of the event's JSON size, cheap enough for every row: each string char as a
     * 6-byte escape, 48 bytes per field name and punctuation, 48 per other value. Only an event over
     * the limit by this bound is encoded to measure it exactly.
     */
    private static long jsonSizeBound(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof CharSequence text) {
            return 6L * text.length() + 2;
        }
        if (value instanceof IndexedRecord record) {
            long size = 2;
            for (org.apache.avro.Schema.Field field : record.getSchema().getFields()) {
                size += 48 + jsonSizeBound(record.get(field.pos()));
            }
            return size;
        }
        if (value instanceof java.util.Collection<?> list) {
            long size = 2;
            for (Object element : list) {
                size += 1 + jsonSizeBound(element);
            }
            return size;
        }
        return 48;
    }

    private static EventType typeOf(JsonNode object) throws ContractViolation {
        JsonNode typeNode = object.get("event_type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new ContractViolation(RejectReason.UNKNOWN_EVENT_TYPE,
                    "event_type is " + (typeNode == null ? "missing" : typeNode.toString()));
        }
        return EventType.fromWireName(typeNode.textValue()).orElseThrow(() -> new ContractViolation(
                RejectReason.UNKNOWN_EVENT_TYPE, "event_type " + typeNode + " is neither click nor checkout"));
    }

    private static JsonNode readObject(byte[] payload) throws ContractViolation {
        JsonNode node;
        try {
            node = EventJson.MAPPER.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new ContractViolation(RejectReason.NOT_JSON, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ContractViolation(RejectReason.NOT_JSON, "not JSON: " + e.getMessage());
        } catch (NumberFormatException e) { // Jackson's, unchecked: a number no BigDecimal holds (1e-9223372036854775808)
            throw new ContractViolation(RejectReason.NOT_JSON, "not JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new ContractViolation(RejectReason.NOT_JSON, "empty record");
        }
        if (!node.isObject()) {
            throw new ContractViolation(RejectReason.NOT_AN_OBJECT, "JSON " + node.getNodeType().name().toLowerCase()
                    + " instead of an object");
        }
        return node;
    }
}
