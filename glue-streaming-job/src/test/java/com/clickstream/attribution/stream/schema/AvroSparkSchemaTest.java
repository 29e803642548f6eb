package com.clickstream.attribution.stream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.stream.TestEvents;
import org.apache.avro.Schema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.avro.SchemaConverters;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The derived Spark schema is the one spark-avro derives from the same contract, and rows round-trip. */
class AvroSparkSchemaTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void derivedStructEqualsSparkAvrosConversion(EventType type) {
        Schema schema = type.schema();
        assertThat(AvroSparkSchema.structOf(schema)).isEqualTo(SchemaConverters.toSqlType(schema).dataType());
    }

    @Test
    void contractTypesMapAsDocumented() {
        StructType click = AvroSparkSchema.structOf(Click.getClassSchema());
        assertThat(click.apply("event_ts").dataType()).isEqualTo(DataTypes.TimestampType);
        assertThat(click.apply("product_price").dataType()).isEqualTo(DataTypes.createDecimalType(10, 2));
        assertThat(click.apply("campaign_id").nullable()).isTrue();
        assertThat(click.apply("event_id").nullable()).isFalse();
        assertThat(click.fieldNames()).containsExactlyElementsOf(
                Click.getClassSchema().getFields().stream().map(Schema.Field::name).toList());
    }

    @Test
    void eventsRoundTripThroughRows() {
        Click click = TestEvents.click("k-1", "u1", TestEvents.minutes(5), "google");
        click.setCampaignId("spring");
        Checkout checkout = TestEvents.checkout("o-1", "u1", TestEvents.minutes(10), "19.99");

        Row clickRow = AvroRows.toRow(click);
        Row checkoutRow = AvroRows.toRow(checkout);

        assertThat(AvroRows.<Click>fromRow(clickRow, Click.getClassSchema())).isEqualTo(click);
        assertThat(AvroRows.<Checkout>fromRow(checkoutRow, Checkout.getClassSchema())).isEqualTo(checkout);
        assertThat(clickRow.get(click.getSchema().getField("event_ts").pos())).isInstanceOf(java.sql.Timestamp.class);
    }
}
