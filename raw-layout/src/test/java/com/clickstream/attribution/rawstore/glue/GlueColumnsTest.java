package com.clickstream.attribution.rawstore.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.contract.EventType;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class GlueColumnsTest {

    @Test
    void clickColumnsAreTheContractFieldsWithHiveTypes() {
        assertThat(GlueColumns.of(EventType.CLICK)).extracting(GlueColumn::toString).containsExactly(
                "event_id string", "event_type string", "user_id string", "session_id string", "product_id string",
                "product_name string", "product_category string", "product_price decimal(10,2)",
                "traffic_source string", "campaign_id string", "device_type string", "page_url string",
                "event_ts bigint");
    }

    @Test
    void checkoutItemsAreAnArrayOfStructs() {
        List<GlueColumn> columns = GlueColumns.of(EventType.CHECKOUT);
        assertThat(columns).extracting(GlueColumn::name)
                .containsExactlyElementsOf(EventType.CHECKOUT.schema().getFields().stream().map(Schema.Field::name).toList());
        assertThat(columns).contains(
                new GlueColumn("items",
                        "array<struct<product_id:string,product_name:string,unit_price:decimal(10,2),quantity:int>>"),
                new GlueColumn("total_amount", "decimal(12,2)"),
                new GlueColumn("event_ts", "bigint"));
    }

    @Test
    void partitionKeysAreDtAndHourStrings() {
        assertThat(GlueColumns.partitionKeys()).containsExactly(new GlueColumn("dt", "string"), new GlueColumn("hour", "string"));
    }

    @Test
    void aUnionOfTwoNonNullTypesHasNoHiveType() {
        Schema union = SchemaBuilder.unionOf().nullType().and().stringType().and().intType().endUnion();
        assertThatThrownBy(() -> GlueColumns.hiveType(union)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ddlColumnListIsReadyForACreateTable() {
        assertThat(GlueColumns.ddlColumnList(EventType.CLICK))
                .startsWith("    event_id string,\n    event_type string,")
                .endsWith("event_ts bigint");
    }
}
