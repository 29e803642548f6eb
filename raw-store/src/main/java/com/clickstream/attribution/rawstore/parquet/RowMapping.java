package com.clickstream.attribution.rawstore.parquet;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.RejectReason;
import com.clickstream.attribution.rawstore.BadObjectReason;
import com.clickstream.attribution.rawstore.BadRawObjectException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Maps the rows of one file onto the contract classes, whatever Avro schema parquet-avro gives them:
 * this writer's, or the one converted from a Firehose/Hive file (all columns optional, decimals as
 * FIXED or BINARY, lists as {@code list/element} or {@code bag/array_element}). parquet-avro reads
 * INT32/INT64 decimals as plain numbers (scale lost), so those are refused. Compiled once per file
 * from the file's schema: a column that cannot hold the contract's type fails the whole file; a null
 * in a required field fails only that row (missing_field; wrong_type for a null item), and so does a
 * row whose event_type is not its file's type, checked first (unknown_event_type, wrong_stream).
 */
final class RowMapping {

    /** Converts one non-null file value; throws {@link RowRejection} for a bad value. */
    private interface Converter {
        Object convert(Object value) throws RowRejection;
    }

    /** A bad value in one row; stackless, it is an expected outcome. */
    static final class RowRejection extends Exception {
        final RejectReason reason;

        RowRejection(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    private static final String EVENT_TYPE = "event_type";

    private final Converter root;

    private RowMapping(Converter root) {
        this.root = root;
    }

    /**
     * @throws BadRawObjectException MISSING_COLUMN or UNEXPECTED_COLUMN_TYPE if the file cannot hold the contract
     */
    static RowMapping compile(Schema contractRecord, Schema fileRecord) throws BadRawObjectException {
        return new RowMapping(record(contractRecord, fileRecord, ""));
    }

    Object map(IndexedRecord row) throws RowRejection {
        return root.convert(row);
    }

    private static Converter record(Schema contract, Schema file, String path) throws BadRawObjectException {
        if (file.getType() != Schema.Type.RECORD) {
            throw unexpected(path.isEmpty() ? "row" : path, file, "struct");
        }
        List<Schema.Field> fields = contract.getFields();
        int n = fields.size();
        // A row's event_type is judged first, as EventParser judges a record's: a row that is not of its
        // file's type gets that reason (unknown_event_type, wrong_stream), whatever else is missing.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int typeField = path.isEmpty() && contract.getField(EVENT_TYPE) != null ? contract.getField(EVENT_TYPE).pos() : -1;
        Arrays.sort(order, Comparator.comparing(i -> i != typeField));
        String wireName = typeField < 0 ? null : EventType.CLICK.schema().getFullName().equals(contract.getFullName())
                ? EventType.CLICK.wireName() : EventType.CHECKOUT.wireName();
        int[] filePos = new int[n];
        Converter[] converters = new Converter[n];
        boolean[] required = new boolean[n];
        String[] paths = new String[n];
        for (int i = 0; i < n; i++) {
            Schema.Field field = fields.get(i);
            paths[i] = path + field.name();
            required[i] = !field.schema().isNullable();
            Schema.Field fileField = file.getField(field.name());
            if (fileField == null) {
                if (required[i]) {
                    throw new BadRawObjectException(BadObjectReason.MISSING_COLUMN, "no column " + paths[i]);
                }
                filePos[i] = -1; // optional column absent (e.g. a file older than an added field): null
                continue;
            }
            filePos[i] = fileField.pos();
            converters[i] = value(RawParquetWriter.nonNull(field.schema()), RawParquetWriter.nonNull(fileField.schema()),
                    paths[i]);
        }
        return value -> {
            IndexedRecord in = (IndexedRecord) value;
            IndexedRecord out = (IndexedRecord) SpecificData.get().newRecord(null, contract);
            for (int i : order) {
                Object v = filePos[i] < 0 ? null : in.get(filePos[i]);
                if (v == null) {
                    if (i == typeField) {
                        throw new RowRejection(RejectReason.UNKNOWN_EVENT_TYPE, paths[i] + " is null");
                    }
                    if (required[i]) {
                        throw new RowRejection(RejectReason.MISSING_FIELD, paths[i] + " is null");
                    }
                    out.put(i, null);
                } else {
                    Object converted = converters[i].convert(v);
                    if (i == typeField && !wireName.equals(converted)) {
                        boolean otherType = EventType.fromWireName(converted.toString()).isPresent();
                        throw new RowRejection(otherType ? RejectReason.WRONG_STREAM : RejectReason.UNKNOWN_EVENT_TYPE,
                                paths[i] + " '" + converted + "' in a " + wireName + " file");
                    }
                    out.put(i, converted);
                }
            }
            return out;
        };
    }

    private static Converter value(Schema contract, Schema file, String path) throws BadRawObjectException {
        LogicalType logical = contract.getLogicalType();
        LogicalType fileLogical = file.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            // bigint epoch millis; an INT64 TIMESTAMP(MILLIS) column holds the same number, so accept it too.
            if (file.getType() != Schema.Type.LONG
                    || !(fileLogical == null || fileLogical instanceof LogicalTypes.TimestampMillis)) {
                throw unexpected(path, file, "bigint (INT64 epoch milliseconds)");
            }
            return v -> Instant.ofEpochMilli((Long) v);
        }
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return decimal(decimal, file, path);
        }
        switch (contract.getType()) {
            case STRING:
                if (file.getType() == Schema.Type.STRING && fileLogical == null) {
                    return Object::toString;
                }
                if (file.getType() == Schema.Type.BYTES && fileLogical == null) { // BINARY without a UTF8 annotation
                    return v -> StandardCharsets.UTF_8.decode(((ByteBuffer) v).duplicate()).toString();
                }
                throw unexpected(path, file, "string");
            case INT:
                if (file.getType() == Schema.Type.INT && fileLogical == null) {
                    return v -> v;
                }
                throw unexpected(path, file, "int");
            case LONG:
                if (file.getType() == Schema.Type.LONG && fileLogical == null) {
                    return v -> v;
                }
                throw unexpected(path, file, "bigint");
            case BOOLEAN: // the curated dataset's records (the event contract has none)
                if (file.getType() == Schema.Type.BOOLEAN) {
                    return v -> v;
                }
                throw unexpected(path, file, "boolean");
            case ARRAY: {
                if (file.getType() != Schema.Type.ARRAY) {
                    throw unexpected(path, file, "array");
                }
                Schema contractElement = contract.getElementType();
                boolean elementRequired = !contractElement.isNullable();
                Converter element = value(RawParquetWriter.nonNull(contractElement),
                        RawParquetWriter.nonNull(file.getElementType()), path + "[]");
                return v -> {
                    List<?> in = (List<?>) v;
                    List<Object> out = new ArrayList<>(in.size());
                    for (int i = 0; i < in.size(); i++) {
                        Object e = in.get(i);
                        if (e == null) {
                            if (elementRequired) { // as EventParser: a null where an item object belongs
                                throw new RowRejection(RejectReason.WRONG_TYPE, path + "[" + i + "] is null");
                            }
                            out.add(null);
                        } else {
                            out.add(element.convert(e));
                        }
                    }
                    return out;
                };
            }
            case RECORD:
                return record(contract, file, path + ".");
            default:
                throw new IllegalStateException("type not used by the contract: " + contract);
        }
    }

    private static Converter decimal(LogicalTypes.Decimal decimal, Schema file, String path)
            throws BadRawObjectException {
        String expected = "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        if (!(file.getLogicalType() instanceof LogicalTypes.Decimal fileDecimal)
                || fileDecimal.getScale() != decimal.getScale()) {
            throw unexpected(path, file, expected);
        }
        int scale = fileDecimal.getScale();
        int precision = decimal.getPrecision();
        Converter unscaled = switch (file.getType()) {
            case FIXED -> v -> new BigDecimal(new BigInteger(((GenericFixed) v).bytes()), scale);
            case BYTES -> v -> {
                ByteBuffer buffer = ((ByteBuffer) v).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return new BigDecimal(new BigInteger(bytes), scale);
            };
            default -> throw unexpected(path, file, expected);
        };
        return v -> {
            BigDecimal value = (BigDecimal) unscaled.convert(v);
            if (value.precision() > precision) {
                throw new RowRejection(RejectReason.ABSURD_AMOUNT, path + " " + value.toPlainString()
                        + " does not fit " + expected);
            }
            return value;
        };
    }

    private static BadRawObjectException unexpected(String path, Schema file, String expected) {
        LogicalType logical = file.getLogicalType();
        String actual = file.getType().getName() + (logical == null ? "" : " " + logical.getName());
        return new BadRawObjectException(BadObjectReason.UNEXPECTED_COLUMN_TYPE,
                "column " + path + " is " + actual + ", the contract needs " + expected);
    }
}
