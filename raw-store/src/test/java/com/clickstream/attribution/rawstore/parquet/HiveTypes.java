package com.clickstream.attribution.rawstore.parquet;

import java.util.stream.Collectors;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The Hive type a Parquet column reads as in Athena, worked out from the PARQUET schema alone (an
 * independent check of GlueColumns, which works from the Avro contract). Strict: a bigint must be INT64
 * WITHOUT annotation, a list must be the 3-level LIST.
 */
final class HiveTypes {

    private HiveTypes() {
    }

    static String of(Type type) {
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        if (type.isPrimitive()) {
            PrimitiveType p = type.asPrimitiveType();
            if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
            }
            return switch (p.getPrimitiveTypeName()) {
                case BINARY -> annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        ? "string" : fail(type);
                case INT32 -> annotation == null ? "int" : fail(type);
                case INT64 -> annotation == null ? "bigint" : fail(type);
                default -> fail(type);
            };
        }
        GroupType group = type.asGroupType();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            Type repeated = group.getType(0);
            if (group.getFieldCount() != 1 || !repeated.isRepetition(Type.Repetition.REPEATED)
                    || repeated.isPrimitive() || repeated.asGroupType().getFieldCount() != 1
                    || !repeated.getName().equals("list") || !repeated.asGroupType().getType(0).getName().equals("element")) {
                return fail(type);
            }
            return "array<" + of(repeated.asGroupType().getType(0)) + ">";
        }
        return group.getFields().stream().map(f -> f.getName() + ":" + of(f))
                .collect(Collectors.joining(",", "struct<", ">"));
    }

    private static String fail(Type type) {
        throw new AssertionError("no standard Hive reading of " + type);
    }
}
