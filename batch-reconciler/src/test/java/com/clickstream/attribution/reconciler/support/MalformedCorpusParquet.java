package com.clickstream.attribution.reconciler.support;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.rawstore.parquet.ByteArrayOutputFile;
import com.clickstream.attribution.rawstore.parquet.RawParquetSchema;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * STUB of Firehose's record format conversion (no Firehose runs here), for putting corpus records into
 * the raw bucket as Firehose would: a JSON object becomes a row of its delivery stream's table, a field
 * that is missing or null becomes a null column (Firehose writes every column optional), a value of the
 * column's type is kept. Anything else has no row: bytes that are not one JSON object (syntax, encoding,
 * depth, several values), a value of another JSON type than the column's (Firehose fails the record or
 * coerces it; not modelled), a number with more decimals than the column's scale or more digits than its
 * precision, an event time that is no integer or beyond a long. Firehose sends the records it cannot
 * convert to its error prefix; the reconciler never reads those.
 */
public final class MalformedCorpusParquet {

    /** A record's row, or why no row of the table can carry it. */
    public record Conversion(SpecificRecord row, String notRepresentable) {
    }

    /** The reason a value has no column value. */
    private static final class NoColumnValue extends Exception {
        NoColumnValue(String message) {
            super(message, null, false, false);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private MalformedCorpusParquet() {
    }

    /** The row of {@code type}'s table the record converts to, or why it does not convert. */
    public static Conversion convert(byte[] payload, EventType type) {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (IOException | RuntimeException e) {
            return new Conversion(null, "not one JSON value (syntax, encoding, depth or trailing data)");
        }
        if (node == null || node.isMissingNode()) {
            return new Conversion(null, "empty: no JSON to convert");
        }
        if (!node.isObject()) {
            return new Conversion(null, "a JSON " + node.getNodeType().name().toLowerCase() + ", not an object");
        }
        try {
            return new Conversion((SpecificRecord) record(node, type.schema(), ""), null);
        } catch (NoColumnValue e) {
            return new Conversion(null, e.getMessage());
        }
    }

    /** True when a row has a null where the contract requires a value (only a Firehose-shaped file holds it). */
    public static boolean hasRequiredNull(IndexedRecord row) {
        for (Schema.Field field : row.getSchema().getFields()) {
            Object v = row.get(field.pos());
            if (v == null && !field.schema().isNullable()) {
                return true;
            }
            if (v instanceof List<?> list) {
                for (Object e : list) {
                    if (e == null || (e instanceof IndexedRecord r && hasRequiredNull(r))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A Snappy Parquet file with every column optional (as Firehose writes them) holding {@code rows}. */
    public static byte[] firehoseShaped(EventType type, List<? extends IndexedRecord> rows) {
        return firehoseShaped(type, rows, true, 20_000, ParquetWriter.DEFAULT_BLOCK_SIZE);
    }

    /**
     * As {@link #firehoseShaped(EventType, List)}, with the layout chosen: dictionary encoding on or off
     * (PLAIN values), at most {@code pageRows} rows per page and row groups of about {@code rowGroupBytes}.
     */
    public static byte[] firehoseShaped(EventType type, List<? extends IndexedRecord> rows, boolean dictionary,
            int pageRows, long rowGroupBytes) {
        Schema write = RawParquetSchema.derive(optional(type.schema()));
        ByteArrayOutputFile out = new ByteArrayOutputFile();
        try (ParquetWriter<IndexedRecord> writer = AvroParquetWriter.<IndexedRecord>builder(out)
                .withConf(new PlainParquetConfiguration(new HashMap<>(RawParquetSchema.WRITE_OPTIONS)))
                .withSchema(write)
                .withDataModel(GenericData.get())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withDictionaryEncoding(dictionary)
                .withPageRowCountLimit(pageRows)
                .withRowGroupSize(rowGroupBytes)
                .build()) {
            for (IndexedRecord row : rows) {
                writer.write((IndexedRecord) column(row, write));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ JSON -> contract row

    private static IndexedRecord record(JsonNode object, Schema schema, String path) throws NoColumnValue {
        IndexedRecord row = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode v = object.get(field.name());
            row.put(field.pos(), v == null || v.isNull() ? null : value(v, nonNull(field.schema()), path + field.name()));
        }
        return row;
    }

    private static Object value(JsonNode v, Schema type, String path) throws NoColumnValue {
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new NoColumnValue(path + " " + v + " is no bigint");
            }
            return Instant.ofEpochMilli(v.longValue());
        }
        if (logical instanceof LogicalTypes.Decimal d) {
            if (!v.isNumber()) {
                throw new NoColumnValue("a JSON " + v.getNodeType().name().toLowerCase() + " in decimal column " + path);
            }
            BigDecimal raw;
            try {
                raw = v.decimalValue();
            } catch (NumberFormatException beyondDouble) {
                throw new NoColumnValue(path + " is beyond any decimal column");
            }
            if (raw.stripTrailingZeros().scale() > d.getScale()
                    || raw.stripTrailingZeros().precision() - raw.stripTrailingZeros().scale() > d.getPrecision() - d.getScale()) {
                throw new NoColumnValue(path + " " + shown(raw) + " does not fit decimal(" + d.getPrecision() + ","
                        + d.getScale() + ")");
            }
            return raw.setScale(d.getScale(), RoundingMode.UNNECESSARY);
        }
        switch (type.getType()) {
            case STRING:
                if (!v.isTextual()) {
                    throw new NoColumnValue("a JSON " + v.getNodeType().name().toLowerCase() + " in string column " + path);
                }
                return v.textValue();
            case INT:
                if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                    throw new NoColumnValue(path + " " + (v.isNumber() ? shown(v.decimalValue()) : v.toString()) + " is no int");
                }
                return v.intValue();
            case ARRAY: {
                if (!v.isArray()) {
                    throw new NoColumnValue("a JSON " + v.getNodeType().name().toLowerCase() + " in array column " + path);
                }
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    JsonNode e = v.get(i);
                    out.add(e.isNull() ? null : value(e, nonNull(type.getElementType()), path + "[" + i + "]"));
                }
                return out;
            }
            case RECORD:
                if (!v.isObject()) {
                    throw new NoColumnValue("a JSON " + v.getNodeType().name().toLowerCase() + " in struct column " + path);
                }
                return record(v, type, path + ".");
            default:
                throw new IllegalStateException("type not used by the contract: " + type);
        }
    }

    private static String shown(BigDecimal value) {
        String s = value.toString();
        return s.length() <= 30 ? s : s.substring(0, 27) + "...";
    }

    // ------------------------------------------------------------------ contract row -> all-optional file row

    /** The contract schema with every field and list element nullable. */
    private static Schema optional(Schema schema) {
        Schema s = nonNull(schema);
        return switch (s.getType()) {
            case RECORD -> {
                List<Schema.Field> fields = new ArrayList<>();
                for (Schema.Field f : s.getFields()) {
                    fields.add(new Schema.Field(f.name(), nullable(optional(f.schema())), f.doc(), JsonProperties.NULL_VALUE));
                }
                yield Schema.createRecord(s.getName(), s.getDoc(), s.getNamespace(), false, fields);
            }
            case ARRAY -> Schema.createArray(nullable(optional(s.getElementType())));
            default -> s;
        };
    }

    private static Schema nullable(Schema s) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), s);
    }

    private static Object column(Object value, Schema write) {
        if (value == null) {
            return null;
        }
        Schema w = nonNull(write);
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof BigDecimal decimal) {
            return DECIMALS.toFixed(decimal, w, w.getLogicalType());
        }
        if (value instanceof IndexedRecord record) {
            GenericData.Record out = new GenericData.Record(w);
            for (Schema.Field f : record.getSchema().getFields()) {
                out.put(f.name(), column(record.get(f.pos()), w.getField(f.name()).schema()));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(e -> out.add(column(e, w.getElementType())));
            return out;
        }
        return value;
    }

    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        return s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
}
