package com.clickstream.attribution.rawstore.curated;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.curated.CuratedAttribution;
import com.clickstream.attribution.core.curated.CuratedTouchCredit;
import com.clickstream.attribution.rawstore.glue.GlueColumn;
import java.time.LocalDate;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CuratedTableTest {

    @Test
    void attributionColumnsAreTheAvroRecordsFieldsInOrder() {
        assertThat(CuratedTable.ATTRIBUTIONS.columns()).extracting(GlueColumn::name).containsExactlyElementsOf(
                CuratedAttribution.getClassSchema().getFields().stream().map(Schema.Field::name).toList());
        assertThat(CuratedTable.TOUCH_CREDITS.columns()).extracting(GlueColumn::name).containsExactlyElementsOf(
                CuratedTouchCredit.getClassSchema().getFields().stream().map(Schema.Field::name).toList());
    }

    @Test
    void attributionTypesFollowTheRawMapping() {
        assertThat(CuratedTable.ATTRIBUTIONS.columns()).contains(
                new GlueColumn("run_id", "bigint"),
                new GlueColumn("checkout_ts", "bigint"),
                new GlueColumn("revenue", "decimal(12,2)"),
                new GlueColumn("attributed", "boolean"),
                new GlueColumn("click_ts", "bigint"),
                new GlueColumn("click_copies", "int"),
                new GlueColumn("items",
                        "array<struct<product_id:string,product_name:string,unit_price:decimal(10,2),quantity:int>>"));
        assertThat(CuratedTable.TOUCH_CREDITS.columns()).contains(new GlueColumn("share", "decimal(10,4)"));
    }

    @Test
    void attributionsAndTouchCreditsArePartitionedByDtWhereTheLayoutWritesThem() {
        LocalDate day = LocalDate.parse("2026-03-01");
        assertThat(CuratedTable.ATTRIBUTIONS.partitionKeys()).containsExactly(new GlueColumn("dt", "string"));
        assertThat(CuratedTable.TOUCH_CREDITS.partitionKeys()).containsExactly(new GlueColumn("dt", "string"));
        assertThat(CuratedLayout.attributionsKey(42, day, 3)).startsWith(CuratedTable.ATTRIBUTIONS.prefix() + "dt=2026-03-01/");
        assertThat(CuratedLayout.touchCreditsKey(42, day, 3)).startsWith(CuratedTable.TOUCH_CREDITS.prefix() + "dt=2026-03-01/");
    }

    @Test
    void manifestsAreOneUnpartitionedJsonFolderHoldingTheManifestKeys() {
        assertThat(CuratedTable.MANIFESTS.format()).isEqualTo(CuratedTable.Format.JSON);
        assertThat(CuratedTable.MANIFESTS.partitionKeys()).isEmpty();
        String key = CuratedLayout.manifestKey(42);
        assertThat(key).startsWith(CuratedTable.MANIFESTS.prefix());
        assertThat(key.substring(CuratedTable.MANIFESTS.prefix().length())).doesNotContain("/"); // no sub-folders
        assertThat(CuratedTable.MANIFESTS.columns()).contains(new GlueColumn("run_id", "bigint"), new GlueColumn("window", "string"));
    }

    @Test
    void noTableOverTheRollupPartials() {
        assertThat(CuratedTable.values()).extracting(CuratedTable::prefix).doesNotContain(CuratedLayout.ROLLUP_PARTIALS)
                .allMatch(p -> p.startsWith(CuratedLayout.PREFIX));
    }
}
