package com.clickstream.attribution.rawstore.parquet;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.BadObjectReason;
import com.clickstream.attribution.rawstore.BadRawObjectException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.InputFile;

/**
 * Reads a raw object back to {@link Click} or {@link Checkout} objects. It reads files written by
 * {@link RawParquetWriter} and files Firehose writes from the Glue table (every column optional,
 * decimals as FIXED_LEN_BYTE_ARRAY, lists as {@code bag/array_element} or {@code list/element}),
 * matching columns by name and ignoring extra ones.
 *
 * <p>A file that cannot be used fails as a whole with {@link BadRawObjectException} and its
 * {@link BadObjectReason} (empty, corrupt, missing column, unexpected column type), so the caller
 * skips it and reports the key. A single bad row of a readable file (e.g. a null in a required
 * column, an event_type other than the file's) is returned as a {@link RejectedRow} and the rest of
 * the file is read. Rows are NOT validated beyond that (amount limits, event-time bounds): the caller
 * decides (the reconciler applies {@code EventParser.validate}). Thread-safe.
 *
 * @param <T> {@code Click} or {@code Checkout}
 */
public final class RawParquetReader<T extends SpecificRecord> {

    /** 3-level lists have a one-field repeated group; the parquet-avro default would take it for the element. */
    private static final Map<String, String> READ_OPTIONS = Map.of(AvroSchemaConverter.ADD_LIST_ELEMENT_RECORDS, "false");

    private final EventType type;
    private final Schema contract;
    private final Class<T> eventClass;

    private RawParquetReader(EventType type, Schema contract, Class<T> eventClass) {
        this.type = type;
        this.contract = contract;
        this.eventClass = eventClass;
    }

    /** A reader of files of another contract record (e.g. the curated dataset's rows), written by {@link RawParquetWriter}. */
    public static <T extends SpecificRecord> RawParquetReader<T> of(Schema contract, Class<T> recordClass) {
        return new RawParquetReader<>(null, Objects.requireNonNull(contract, "contract"), recordClass);
    }

    public static RawParquetReader<Click> clicks() {
        return new RawParquetReader<>(EventType.CLICK, EventType.CLICK.schema(), Click.class);
    }

    public static RawParquetReader<Checkout> checkouts() {
        return new RawParquetReader<>(EventType.CHECKOUT, EventType.CHECKOUT.schema(), Checkout.class);
    }

    /** The reader of {@code type}'s files; events are {@code Click} or {@code Checkout} objects. */
    public static RawParquetReader<? extends SpecificRecord> forType(EventType type) {
        return Objects.requireNonNull(type, "type") == EventType.CLICK ? clicks() : checkouts();
    }

    public EventType type() {
        return type;
    }

    /** Reads an object's bytes; {@code key} is used in messages only. */
    public RawRows<T> read(byte[] bytes, String key) throws BadRawObjectException {
        return read(new ByteArrayInputFile(bytes, key));
    }

    /** Reads a whole file: all of it or, on a bad file, nothing (the exception). */
    public RawRows<T> read(InputFile file) throws BadRawObjectException {
        List<T> events = new ArrayList<>();
        List<RejectedRow> rejected = new ArrayList<>();
        read(file, events::add, rejected::add);
        return new RawRows<>(events, rejected);
    }

    /**
     * Streams a file's rows to the consumers and returns the number of rows. On a bad file the
     * consumers may already have received the rows before the damage: buffer per object if that
     * matters. Exceptions thrown by the consumers pass through unchanged.
     */
    public long read(InputFile file, Consumer<? super T> events, Consumer<? super RejectedRow> rejected)
            throws BadRawObjectException {
        long length;
        try {
            length = file.getLength();
        } catch (IOException e) {
            throw new BadRawObjectException(BadObjectReason.CORRUPT_PARQUET, "cannot read " + file + ": " + e, e);
        }
        if (length == 0) {
            throw new BadRawObjectException(BadObjectReason.EMPTY_FILE, file + " has 0 bytes");
        }
        long row = 0;
        try (ParquetReader<GenericRecord> reader = open(file)) {
            RowMapping mapping = null;
            while (true) {
                GenericRecord record = next(reader, file, row);
                if (record == null) {
                    return row;
                }
                if (mapping == null) {
                    mapping = RowMapping.compile(contract, record.getSchema());
                }
                Object event;
                try {
                    event = mapping.map(record);
                } catch (RowMapping.RowRejection r) {
                    rejected.accept(new RejectedRow(row, r.reason, "row " + row + ": " + r.getMessage()));
                    row++;
                    continue;
                }
                events.accept(eventClass.cast(event));
                row++;
            }
        } catch (IOException e) { // from close()
            throw corrupt(file, row, e);
        }
    }

    private ParquetReader<GenericRecord> open(InputFile file) throws BadRawObjectException {
        try {
            return AvroParquetReader.<GenericRecord>builder(file, RawParquetSchema.configuration(READ_OPTIONS))
                    .withDataModel(GenericData.get())
                    .build();
        } catch (IOException | RuntimeException e) {
            throw corrupt(file, 0, e);
        }
    }

    private static GenericRecord next(ParquetReader<GenericRecord> reader, InputFile file, long row)
            throws BadRawObjectException {
        try {
            return reader.read();
        } catch (IOException | RuntimeException e) {
            // The footer is read on the first call, so a non-Parquet or truncated file fails here too;
            // a column parquet-avro cannot convert at all (e.g. INT96) is a column-type problem.
            if (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).contains("INT96")) {
                throw new BadRawObjectException(BadObjectReason.UNEXPECTED_COLUMN_TYPE,
                        file + ": " + e.getMessage(), e);
            }
            throw corrupt(file, row, e);
        }
    }

    private static BadRawObjectException corrupt(InputFile file, long row, Exception e) {
        return new BadRawObjectException(BadObjectReason.CORRUPT_PARQUET,
                file + " at row " + row + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
}
