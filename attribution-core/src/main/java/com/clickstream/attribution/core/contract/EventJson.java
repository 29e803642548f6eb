package com.clickstream.attribution.core.contract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * JSON codec between the wire format and the Avro-generated event classes. It walks the Avro schema,
 * so the JSON field names, types and order come from the {@code .avsc} contract and nothing here
 * repeats them: decimals travel as JSON numbers (exact, 2 places), {@code timestamp-millis} as epoch
 * milliseconds, optional fields as JSON null. Unknown extra fields are ignored (forward compatible).
 */
public final class EventJson {

    /** Floats are read as BigDecimal so 19.99 stays exactly 19.99. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private EventJson() {
    }

    /** The wire JSON of an event, fields in schema order (so the same event gives the same bytes). */
    public static String toJson(IndexedRecord event) {
        try {
            return MAPPER.writeValueAsString(toNode(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toJsonBytes(IndexedRecord event) {
        return toJson(event).getBytes(StandardCharsets.UTF_8);
    }

    public static ObjectNode toNode(IndexedRecord event) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : event.getSchema().getFields()) {
            node.set(field.name(), encode(event.get(field.pos()), field.schema()));
        }
        return node;
    }

    private static JsonNode encode(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        Schema type = nonNull(schema);
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return NODES.numberNode(((BigDecimal) value).setScale(decimal.getScale(), RoundingMode.UNNECESSARY));
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return NODES.numberNode(((Instant) value).toEpochMilli());
        }
        return switch (type.getType()) {
            case STRING -> NODES.textNode(value.toString());
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> NODES.numberNode((Long) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case RECORD -> toNode((IndexedRecord) value);
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (Object element : (List<?>) value) {
                    array.add(encode(element, type.getElementType()));
                }
                yield array;
            }
            default -> throw new IllegalStateException("type not used by the contract: " + type);
        };
    }

    /**
     * Builds the generated record for {@code schema} from a JSON object, checking presence and JSON
     * type of every field (the structural part of validation; {@link EventValidator} does the rest).
     */
    static IndexedRecord decode(JsonNode object, Schema schema, String path) throws ContractViolation {
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = object.get(field.name());
            String fieldPath = path + field.name();
            if (value == null || value.isNull()) {
                if (!isNullable(field.schema())) {
                    throw new ContractViolation(RejectReason.MISSING_FIELD, fieldPath);
                }
                record.put(field.pos(), null);
            } else {
                record.put(field.pos(), decodeValue(value, nonNull(field.schema()), fieldPath));
            }
        }
        return record;
    }

    private static Object decodeValue(JsonNode value, Schema type, String path) throws ContractViolation {
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            if (!value.isNumber()) {
                throw wrongType(path, "a number", value);
            }
            BigDecimal raw;
            try {
                raw = value.decimalValue();
            } catch (NumberFormatException e) {
                // a number beyond the double range (1e309): Jackson holds it as an infinite double
                RejectReason reason = value.doubleValue() < 0 ? RejectReason.NEGATIVE_AMOUNT : RejectReason.ABSURD_AMOUNT;
                throw new ContractViolation(reason, path + " is out of range: " + shown(value.asText()));
            }
            return decodeDecimal(raw, decimal, path);
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw wrongType(path, "epoch milliseconds (an integer)", value);
            }
            return Instant.ofEpochMilli(value.longValue());
        }
        switch (type.getType()) {
            case STRING:
                if (!value.isTextual()) {
                    throw wrongType(path, "a string", value);
                }
                return value.textValue();
            case INT:
                if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                    throw wrongType(path, "an integer", value);
                }
                return value.intValue();
            case LONG:
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    throw wrongType(path, "an integer", value);
                }
                return value.longValue();
            case RECORD:
                if (!value.isObject()) {
                    throw wrongType(path, "an object", value);
                }
                return decode(value, type, path + ".");
            case ARRAY: {
                if (!value.isArray()) {
                    throw wrongType(path, "an array", value);
                }
                List<Object> elements = new ArrayList<>(value.size());
                for (int i = 0; i < value.size(); i++) {
                    elements.add(decodeValue(value.get(i), nonNull(type.getElementType()), path + "[" + i + "]"));
                }
                return elements;
            }
            default:
                throw new IllegalStateException("type not used by the contract: " + type);
        }
    }

    private static BigDecimal decodeDecimal(BigDecimal raw, LogicalTypes.Decimal decimal, String path)
            throws ContractViolation {
        BigDecimal stripped = raw.stripTrailingZeros();
        if (stripped.scale() > decimal.getScale()) {
            throw new ContractViolation(RejectReason.AMOUNT_PRECISION,
                    path + " has more than " + decimal.getScale() + " decimal places: " + shown(raw.toString()));
        }
        // integer digits checked before rescaling: setScale of 1e999999999 would build a billion-digit number
        if (stripped.precision() - stripped.scale() > decimal.getPrecision() - decimal.getScale()) {
            throw new ContractViolation(RejectReason.ABSURD_AMOUNT, path + " does not fit decimal("
                    + decimal.getPrecision() + "," + decimal.getScale() + "): " + shown(raw.toString()));
        }
        BigDecimal scaled = raw.setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
        if (scaled.precision() > decimal.getPrecision()) {
            throw new ContractViolation(RejectReason.ABSURD_AMOUNT,
                    path + " does not fit decimal(" + decimal.getPrecision() + "," + decimal.getScale() + "): "
                            + shown(raw.toString()));
        }
        return scaled;
    }

    /** A value as shown in a rejection detail: at most 40 characters (the payload itself is kept whole). */
    private static String shown(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }

    private static ContractViolation wrongType(String path, String expected, JsonNode actual) {
        return new ContractViolation(RejectReason.WRONG_TYPE,
                path + " must be " + expected + " but was " + actual.getNodeType().name().toLowerCase());
    }

    static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    /** The non-null branch of an optional field, or the schema itself. */
    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
                .orElseThrow(() -> new IllegalStateException("union without a non-null branch: " + schema));
    }
}
