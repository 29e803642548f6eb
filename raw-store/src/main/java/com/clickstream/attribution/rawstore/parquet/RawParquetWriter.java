package com.clickstream.attribution.rawstore.parquet;

import com.clickstream.attribution.core.contract.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Writes events of ONE type as a Snappy Parquet file in the raw schema ({@link RawParquetSchema}):
 * a {@code Click} or {@code Checkout} becomes a row whose {@code event_ts} is epoch millis and whose
 * decimals are exact fixed-length decimals. Thread-safe (no state besides the type).
 */
public final class RawParquetWriter {

    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private final EventType type;
    private final Schema contract;
    private final Schema writeSchema;

    public RawParquetWriter(EventType type) {
        this.type = Objects.requireNonNull(type, "type");
        this.contract = type.schema();
        this.writeSchema = RawParquetSchema.writeSchema(type);
    }

    /**
     * A writer of any other contract record (e.g. the curated dataset's rows), with the same mapping to
     * Parquet types, so Athena reads them through {@code GlueColumns} like the raw files.
     */
    public RawParquetWriter(Schema contract) {
        this.type = null;
        this.contract = Objects.requireNonNull(contract, "contract");
        this.writeSchema = RawParquetSchema.derive(contract);
    }

    /** The event type written, or null for another contract record. */
    public EventType type() {
        return type;
    }

    /** The whole file as bytes, ready for one S3 PUT. */
    public byte[] write(Iterable<? extends SpecificRecord> events) {
        ByteArrayOutputFile out = new ByteArrayOutputFile();
        try {
            write(events, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory only: cannot happen short of a bug
        }
        return out.toByteArray();
    }

    /**
     * Writes {@code events} to {@code out} (overwriting it) and returns the row count.
     *
     * @throws IllegalArgumentException if an event is not of this writer's type
     */
    public long write(Iterable<? extends SpecificRecord> events, OutputFile out) throws IOException {
        long rows = 0;
        try (ParquetWriter<IndexedRecord> writer = AvroParquetWriter.<IndexedRecord>builder(out)
                .withConf(RawParquetSchema.configuration(RawParquetSchema.WRITE_OPTIONS))
                .withSchema(writeSchema)
                .withDataModel(GenericData.get())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (SpecificRecord event : events) {
                Schema schema = event.getSchema();
                if (schema != contract && !schema.equals(contract)) { // identity first: equals is deep
                    throw new IllegalArgumentException("a " + event.getSchema().getName() + " given to the "
                            + contract.getName() + " writer");
                }
                writer.write(toRow(event, writeSchema));
                rows++;
            }
        }
        return rows;
    }

    /** Contract record -> generic record of the write schema (same field order). */
    static GenericData.Record toRow(IndexedRecord event, Schema rowSchema) {
        GenericData.Record row = new GenericData.Record(rowSchema);
        List<Schema.Field> contractFields = event.getSchema().getFields();
        for (int i = 0; i < contractFields.size(); i++) {
            row.put(i, toValue(event.get(i), contractFields.get(i).schema(), rowSchema.getFields().get(i).schema()));
        }
        return row;
    }

    private static Object toValue(Object value, Schema contract, Schema write) {
        if (value == null) {
            return null; // a required field left null fails in the Parquet writer, as it should
        }
        if (contract.getType() == Schema.Type.UNION) {
            return toValue(value, nonNull(contract), nonNull(write));
        }
        if (contract.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return ((Instant) value).toEpochMilli();
        }
        if (contract.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            BigDecimal exact = ((BigDecimal) value).setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
            return DECIMALS.toFixed(exact, write, write.getLogicalType());
        }
        return switch (contract.getType()) {
            case RECORD -> toRow((IndexedRecord) value, write);
            case ARRAY -> {
                List<?> list = (List<?>) value;
                List<Object> out = new ArrayList<>(list.size());
                for (Object element : list) {
                    out.add(toValue(element, contract.getElementType(), write.getElementType()));
                }
                yield out;
            }
            default -> value;
        };
    }

    static Schema nonNull(Schema union) {
        if (union.getType() != Schema.Type.UNION) {
            return union;
        }
        for (Schema branch : union.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        throw new IllegalArgumentException("union without a non-null branch: " + union);
    }
}
