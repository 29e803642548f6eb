package com.clickstream.attribution.stream.schema;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.Seq;

/**
 * Converts between the Avro-generated event objects and Spark rows of the matching
 * {@link AvroSparkSchema} struct, walking the Avro schema (so no field is named here).
 *
 * <p>Rows use Spark's default external types: {@code java.sql.Timestamp} for timestamps,
 * {@code java.math.BigDecimal} for decimals, {@code scala.collection.Seq} for arrays (a
 * {@code java.util.List} is also accepted when reading). Timestamps are also read as
 * {@code Instant} / {@code LocalDateTime} (UTC) in case a session enables the Java 8 time API.
 */
public final class AvroRows {

    private AvroRows() {
    }

    /** The row of an Avro record, fields in schema order. */
    public static Row toRow(IndexedRecord record) {
        Schema schema = record.getSchema();
        Object[] values = new Object[schema.getFields().size()];
        for (Schema.Field field : schema.getFields()) {
            values[field.pos()] = toSpark(record.get(field.pos()), field.schema());
        }
        return RowFactory.create(values);
    }

    /**
     * The Avro record (the generated class when {@code schema} names one, e.g. {@code Click}) of a
     * row produced by {@link #toRow} or read from a column of the derived struct type.
     */
    @SuppressWarnings("unchecked")
    public static <T extends IndexedRecord> T fromRow(Row row, Schema schema) {
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), fromSpark(row.get(field.pos()), field.schema()));
        }
        return (T) record;
    }

    private static Object toSpark(Object value, Schema fieldSchema) {
        if (value == null) {
            return null;
        }
        Schema type = AvroSparkSchema.nonNull(fieldSchema);
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal) {
            return value; // BigDecimal (generated classes use the decimal conversion)
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return Timestamp.from((Instant) value);
        }
        return switch (type.getType()) {
            case RECORD -> toRow((IndexedRecord) value);
            case STRING -> value.toString();
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (Object element : (List<?>) value) {
                    out.add(toSpark(element, type.getElementType()));
                }
                yield scala.collection.JavaConverters.asScalaBuffer(out).toSeq(); // Spark's external array type
            }
            default -> value;
        };
    }

    private static Object fromSpark(Object value, Schema fieldSchema) {
        if (value == null) {
            return null;
        }
        Schema type = AvroSparkSchema.nonNull(fieldSchema);
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return ((BigDecimal) value).setScale(decimal.getScale());
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return toInstant(value);
        }
        return switch (type.getType()) {
            case RECORD -> fromRow((Row) value, type);
            case STRING -> value.toString();
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                Iterable<?> elements = value instanceof Seq<?> seq
                        ? scala.collection.JavaConverters.seqAsJavaList(seq)
                        : (Iterable<?>) value;
                for (Object element : elements) {
                    out.add(fromSpark(element, type.getElementType()));
                }
                yield out;
            }
            default -> value;
        };
    }

    /** A Spark timestamp value as an Instant, whichever external type the session uses. */
    public static Instant toInstant(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName());
    }
}
