package com.clickstream.attribution.rawstore.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.rawstore.glue.GlueColumn;
import com.clickstream.attribution.rawstore.glue.GlueColumns;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RawParquetSchemaTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void parquetColumnsReadAsExactlyTheGlueColumns(EventType type) {
        MessageType parquet = RawParquetSchema.parquetSchema(type);
        List<GlueColumn> fromParquet = parquet.getFields().stream()
                .map(f -> new GlueColumn(f.getName(), HiveTypes.of(f))).toList();
        assertThat(fromParquet).containsExactlyElementsOf(GlueColumns.of(type));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void columnsAreTheContractFieldsInOrderOptionalExactlyWhereTheContractIsNullable(EventType type) {
        MessageType parquet = RawParquetSchema.parquetSchema(type);
        List<Schema.Field> contract = type.schema().getFields();
        assertThat(parquet.getFieldCount()).isEqualTo(contract.size());
        for (int i = 0; i < contract.size(); i++) {
            Type column = parquet.getType(i);
            assertThat(column.getName()).isEqualTo(contract.get(i).name());
            assertThat(column.isRepetition(Type.Repetition.OPTIONAL))
                    .as(column.getName()).isEqualTo(contract.get(i).schema().isNullable());
        }
        if (type == EventType.CLICK) {
            assertThat(parquet.getType("campaign_id").isRepetition(Type.Repetition.OPTIONAL)).isTrue();
        }
    }

    @Test
    void eventTsIsPlainInt64WithoutATimestampAnnotation() {
        for (EventType type : EventType.values()) {
            Type eventTs = RawParquetSchema.parquetSchema(type).getType("event_ts");
            assertThat(eventTs.asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
            assertThat(eventTs.getLogicalTypeAnnotation()).isNull();
            assertThat(eventTs.isRepetition(Type.Repetition.REQUIRED)).isTrue();
        }
    }

    @Test
    void decimalsAreFixedLengthLikeHiveWrites() {
        Type price = RawParquetSchema.parquetSchema(EventType.CLICK).getType("product_price");
        assertThat(price.asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
        assertThat(price.asPrimitiveType().getTypeLength()).isEqualTo(5);
        assertThat(price.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.decimalType(2, 10));

        MessageType checkout = RawParquetSchema.parquetSchema(EventType.CHECKOUT);
        Type total = checkout.getType("total_amount");
        assertThat(total.asPrimitiveType().getTypeLength()).isEqualTo(6);
        assertThat(total.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.decimalType(2, 12));
    }

    @Test
    void itemsIsTheStandardThreeLevelList() {
        Type items = RawParquetSchema.parquetSchema(EventType.CHECKOUT).getType("items");
        assertThat(items.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
        Type list = items.asGroupType().getType(0);
        assertThat(list.getName()).isEqualTo("list");
        assertThat(list.isRepetition(Type.Repetition.REPEATED)).isTrue();
        Type element = list.asGroupType().getType(0);
        assertThat(element.getName()).isEqualTo("element");
        assertThat(element.asGroupType().getFields()).extracting(Type::getName)
                .containsExactly("product_id", "product_name", "unit_price", "quantity");
    }

    @Test
    void fixedSizeIsTheFewestBytesForThePrecision() {
        // Hive's and Spark's table: 1-2 digits 1 byte, 3-4 2, 5-6 3, 7-9 4, 10-11 5, 12-14 6, 15-16 7, 17-18 8
        int[] expected = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 6, 7, 7, 8, 8};
        for (int precision = 1; precision <= 18; precision++) {
            assertThat(RawParquetSchema.fixedSize(precision)).as("precision %d", precision).isEqualTo(expected[precision]);
        }
    }

    @Test
    void writeSchemaHasNoLogicalTypeOnEventTsAndRealDecimalLogicalTypes() {
        Schema click = RawParquetSchema.writeSchema(EventType.CLICK);
        assertThat(click.getField("event_ts").schema().getLogicalType()).isNull();
        assertThat(click.getField("event_ts").schema().getObjectProps()).isEmpty();
        assertThat(click.getField("product_price").schema().getLogicalType().getName()).isEqualTo("decimal");
        // the contract keeps its own types
        assertThat(EventType.CLICK.schema().getField("event_ts").schema().getLogicalType()).isNotNull();
    }
}
