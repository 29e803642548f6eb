package com.clickstream.attribution.rawstore.parquet;

import com.clickstream.attribution.core.contract.EventType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.schema.MessageType;

/**
 * The Avro schema the raw Parquet files are written with, DERIVED from the Avro contract (never a
 * second copy), so that a file written here and a file Firehose writes from the Glue table (Hive
 * types, {@link com.clickstream.attribution.rawstore.glue.GlueColumns}) read the same:
 * <ul>
 *   <li>{@code timestamp-millis} -> plain {@code long} = Parquet INT64 without a logical-type annotation,
 *       Hive {@code bigint}, epoch milliseconds. Firehose writes a bigint column like that, and Athena
 *       may refuse an INT64 TIMESTAMP(MILLIS) column declared bigint.</li>
 *   <li>{@code decimal(p,s)} on bytes -> {@code fixed} of the fewest bytes that hold p digits with the
 *       decimal annotation, i.e. FIXED_LEN_BYTE_ARRAY(5) for (10,2) and (6) for (12,2): the physical type
 *       Hive's (and so Firehose's) Parquet writer uses for those decimals.</li>
 *   <li>{@code array<record>} -> the standard 3-level LIST ({@code parquet.avro.write-old-list-structure=false}):
 *       {@code repeated group list { required group element {...} } }.</li>
 *   <li>{@code string} -> BINARY (STRING), {@code int} -> INT32; nullable unions stay optional, everything
 *       else is required (Firehose writes every column optional; readers accept both).</li>
 * </ul>
 * The new schema is built with {@code LogicalTypes...addToSchema} and fresh primitive schemas, so no
 * logical type leaks through or goes missing as a mere property (the SchemaBuilder trap in NOTES).
 */
public final class RawParquetSchema {

    /** Writer option: standard 3-level lists (the parquet-avro default is the old 2-level form). */
    public static final Map<String, String> WRITE_OPTIONS = Map.of(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false");

    private static final String FIXED_NAMESPACE = "com.clickstream.attribution.rawstore.parquet";
    private static final Map<EventType, Schema> WRITE_SCHEMAS = new EnumMap<>(EventType.class);

    static {
        for (EventType type : EventType.values()) {
            WRITE_SCHEMAS.put(type, derive(type.schema()));
        }
    }

    private RawParquetSchema() {
    }

    /** The Avro write schema of {@code type}'s raw files. */
    public static Schema writeSchema(EventType type) {
        return WRITE_SCHEMAS.get(type);
    }

    /** The Parquet schema of {@code type}'s raw files, as parquet-avro writes it with {@link #WRITE_OPTIONS}. */
    public static MessageType parquetSchema(EventType type) {
        return new AvroSchemaConverter(configuration(WRITE_OPTIONS)).convert(writeSchema(type));
    }

    /** Derives the write schema of a contract record schema (see the class comment for the mapping). */
    public static Schema derive(Schema contractRecord) {
        if (contractRecord.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("not a record schema: " + contractRecord);
        }
        return new Deriver().record(contractRecord);
    }

    /** Fewest bytes of a two's-complement integer holding any {@code precision}-digit unscaled value (as Hive and Spark). */
    public static int fixedSize(int precision) {
        int bytes = 1;
        while (Math.pow(2, 8 * bytes - 1) < Math.pow(10, precision)) {
            bytes++;
        }
        return bytes;
    }

    static ParquetConfiguration configuration(Map<String, String> options) {
        return new PlainParquetConfiguration(new HashMap<>(options));
    }

    /** One derivation; shares each decimal fixed type so the schema never defines a name twice. */
    private static final class Deriver {
        private final Map<String, Schema> fixedTypes = new HashMap<>();

        Schema record(Schema contract) {
            List<Schema.Field> fields = new ArrayList<>();
            for (Schema.Field f : contract.getFields()) {
                Schema type = type(f.schema());
                Object defaultValue = type.isNullable() ? JsonProperties.NULL_VALUE : null;
                fields.add(new Schema.Field(f.name(), type, f.doc(), defaultValue));
            }
            return Schema.createRecord(contract.getName(), contract.getDoc(), contract.getNamespace(), false, fields);
        }

        Schema type(Schema contract) {
            LogicalType logical = contract.getLogicalType();
            if (logical instanceof LogicalTypes.TimestampMillis) {
                return Schema.create(Schema.Type.LONG);
            }
            if (logical instanceof LogicalTypes.Decimal decimal) {
                return fixedDecimal(decimal.getPrecision(), decimal.getScale());
            }
            if (logical != null) {
                throw new IllegalArgumentException("no raw Parquet mapping for logical type " + logical.getName());
            }
            return switch (contract.getType()) {
                case STRING, INT, LONG, BOOLEAN, DOUBLE -> Schema.create(contract.getType());
                case RECORD -> record(contract);
                case ARRAY -> Schema.createArray(type(contract.getElementType()));
                case UNION -> {
                    List<Schema> branches = new ArrayList<>();
                    for (Schema branch : contract.getTypes()) {
                        branches.add(type(branch));
                    }
                    yield Schema.createUnion(branches);
                }
                case NULL -> Schema.create(Schema.Type.NULL);
                default -> throw new IllegalArgumentException("no raw Parquet mapping for " + contract);
            };
        }

        private Schema fixedDecimal(int precision, int scale) {
            return fixedTypes.computeIfAbsent(precision + "_" + scale, key -> LogicalTypes.decimal(precision, scale)
                    .addToSchema(Schema.createFixed("decimal_" + key, null, FIXED_NAMESPACE, fixedSize(precision))));
        }
    }
}
