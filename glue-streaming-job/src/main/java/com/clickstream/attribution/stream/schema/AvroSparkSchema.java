package com.clickstream.attribution.stream.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Derives Spark types from the Avro contract (attribution-core's {@code *.avsc}), so the job never
 * carries a second, hand-written copy of the event schema.
 *
 * <p>The mapping is the one spark-avro's {@code SchemaConverters.toSqlType} uses (a test checks
 * they agree): {@code record} -> struct, {@code string} -> string, {@code int}/{@code long}/
 * {@code boolean}/{@code double} -> the same, {@code bytes} with logical type {@code decimal(p,s)} ->
 * {@code decimal(p,s)}, {@code long} with {@code timestamp-millis} -> timestamp, {@code array} ->
 * array, and a union of {@code null} with one type -> that type, nullable. Every other type is
 * rejected: the contract does not use it, and guessing would be worse than failing at start-up.
 * It is written here rather than taken from spark-avro because the Glue 5.0 classpath is not
 * guaranteed to carry spark-avro, and the mapping is small.
 */
public final class AvroSparkSchema {

    private AvroSparkSchema() {
    }

    /** The Spark struct of an Avro record schema. */
    public static StructType structOf(Schema record) {
        if (record.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("not a record schema: " + record.getFullName());
        }
        List<StructField> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            fields.add(DataTypes.createStructField(field.name(), typeOf(field.schema()), isNullable(field.schema())));
        }
        return DataTypes.createStructType(fields);
    }

    /** The Spark type of an Avro schema (for a nullable union: of its non-null branch). */
    public static DataType typeOf(Schema schema) {
        Schema type = nonNull(schema);
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return DataTypes.createDecimalType(decimal.getPrecision(), decimal.getScale());
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return DataTypes.TimestampType;
        }
        return switch (type.getType()) {
            case RECORD -> structOf(type);
            case STRING -> DataTypes.StringType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case BOOLEAN -> DataTypes.BooleanType;
            case DOUBLE -> DataTypes.DoubleType;
            case ARRAY -> DataTypes.createArrayType(typeOf(type.getElementType()), isNullable(type.getElementType()));
            default -> throw new IllegalArgumentException("Avro type " + type + " is not used by the event contract");
        };
    }

    /** True for a union with {@code null}. */
    public static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    /** The non-null branch of a {@code [null, T]} union, or the schema itself. */
    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (branches.size() != 1) {
            throw new IllegalArgumentException("only [null, T] unions are supported: " + schema);
        }
        return branches.get(0);
    }
}
