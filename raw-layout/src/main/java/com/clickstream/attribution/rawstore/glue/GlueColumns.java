package com.clickstream.attribution.rawstore.glue;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.rawstore.RawLayout;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The ONE mapping from the Avro contract to Hive types: the columns of the Glue tables over
 * {@code raw/<event_type>/} (CDK), of the Athena DDL, and so of the files Firehose writes from them.
 * Columns are the contract's fields, same names, same order:
 * <pre>
 *   string                    -> string
 *   int / long                -> int / bigint
 *   long timestamp-millis     -> bigint   (epoch milliseconds UTC; never timestamp/INT96, never a string)
 *   bytes decimal(p,s)        -> decimal(p,s)
 *   ["null", T]               -> T        (Hive columns are all nullable)
 *   array&lt;T&gt;                  -> array&lt;T&gt;
 *   record                    -> struct&lt;name:type,...&gt;
 * </pre>
 * Partition keys are {@link RawLayout#PARTITION_KEYS}, both {@code string}.
 */
public final class GlueColumns {

    private GlueColumns() {
    }

    /** The table columns of {@code type}'s raw files, in contract order (partition keys excluded). */
    public static List<GlueColumn> of(EventType type) {
        return of(type.schema());
    }

    /** The columns of any contract record schema. */
    public static List<GlueColumn> of(Schema record) {
        return record.getFields().stream().map(f -> new GlueColumn(f.name(), hiveType(f.schema()))).toList();
    }

    /** The partition columns ({@code dt string, hour string}). */
    public static List<GlueColumn> partitionKeys() {
        return RawLayout.PARTITION_KEYS.stream().map(k -> new GlueColumn(k, "string")).toList();
    }

    /** The Hive type of an Avro schema (see the class comment). */
    public static String hiveType(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return "bigint";
        }
        if (logical != null) {
            throw new IllegalArgumentException("no Hive mapping for logical type " + logical.getName());
        }
        return switch (schema.getType()) {
            case STRING -> "string";
            case INT -> "int";
            case LONG -> "bigint";
            case BOOLEAN -> "boolean";
            case DOUBLE -> "double";
            case UNION -> hiveType(schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL)
                    .reduce((a, b) -> {
                        throw new IllegalArgumentException("union with more than one non-null branch: " + schema);
                    })
                    .orElseThrow(() -> new IllegalArgumentException("union of only null: " + schema)));
            case ARRAY -> "array<" + hiveType(schema.getElementType()) + ">";
            case RECORD -> schema.getFields().stream().map(f -> f.name() + ":" + hiveType(f.schema()))
                    .collect(Collectors.joining(",", "struct<", ">"));
            default -> throw new IllegalArgumentException("no Hive mapping for " + schema);
        };
    }

    /** {@code name type,\n...} for a CREATE EXTERNAL TABLE column list. */
    public static String ddlColumnList(EventType type) {
        return of(type).stream().map(GlueColumn::toString).collect(Collectors.joining(",\n    ", "    ", ""));
    }
}
