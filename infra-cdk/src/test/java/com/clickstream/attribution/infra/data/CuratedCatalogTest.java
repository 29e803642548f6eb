package com.clickstream.attribution.infra.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.curated.CuratedAttribution;
import com.clickstream.attribution.core.curated.CuratedTouchCredit;
import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import com.clickstream.attribution.rawstore.curated.CuratedLayout;
import com.clickstream.attribution.rawstore.curated.CuratedTable;
import com.clickstream.attribution.rawstore.glue.GlueColumn;
import com.clickstream.attribution.rawstore.glue.GlueColumns;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Template;

/** The curated tables must read exactly what the reconciler writes under curated/ of the raw bucket. */
class CuratedCatalogTest {

    private static Template template;
    private static String rawBucket;

    @BeforeAll
    static void synth() {
        InfraTestApp app = InfraTestApp.get();
        template = app.template(app.stacks().data());
        // the raw tables' location names the raw bucket as the template renders it
        String clicks = Cfn.render(Cfn.path(Cfn.glueTableInput(template, "clicks"), "StorageDescriptor", "Location"));
        rawBucket = clicks.substring(0, clicks.indexOf("/raw/"));
    }

    @ParameterizedTest
    @EnumSource(CuratedTable.class)
    void tableIsInTheClickstreamDatabaseAndDependsOnIt(CuratedTable table) {
        Map<String, Object> resource = Cfn.resources(template, "AWS::Glue::Table").values().stream()
                .filter(r -> table.tableName().equals(Cfn.path(Cfn.properties(r), "TableInput", "Name")))
                .findFirst().orElseThrow();
        assertThat(Cfn.properties(resource).get("DatabaseName")).isEqualTo("clickstream");
        assertThat(Cfn.list(resource.get("DependsOn"))).hasSize(1)
                .allMatch(id -> Cfn.resources(template, "AWS::Glue::Database").containsKey((String) id));
    }

    @Test
    void threeCuratedTablesNamedForAnalysts() {
        assertThat(Cfn.resources(template, "AWS::Glue::Table").values().stream()
                .map(r -> (String) Cfn.path(Cfn.properties(r), "TableInput", "Name"))
                .filter(n -> n.startsWith("curated_")))
                .containsExactlyInAnyOrder("curated_attributions", "curated_touch_credits", "curated_manifests");
    }

    @ParameterizedTest
    @EnumSource(CuratedTable.class)
    void locationIsTheTablesFolderOfTheRawBucket(CuratedTable table) {
        assertThat(Cfn.render(Cfn.path(input(table), "StorageDescriptor", "Location")))
                .isEqualTo(rawBucket + "/" + table.prefix())
                .startsWith("s3://").contains("/" + CuratedLayout.PREFIX);
    }

    @Test
    void attributionColumnsAreGlueColumnsOfTheAvroRecord() {
        assertThat(columns(CuratedTable.ATTRIBUTIONS)).containsExactlyElementsOf(GlueColumns.of(CuratedAttribution.getClassSchema()))
                .contains(new GlueColumn("attributed", "boolean"), new GlueColumn("checkout_ts", "bigint"),
                        new GlueColumn("revenue", "decimal(12,2)"));
    }

    @Test
    void touchCreditColumnsAreGlueColumnsOfTheAvroRecord() {
        assertThat(columns(CuratedTable.TOUCH_CREDITS)).containsExactlyElementsOf(GlueColumns.of(CuratedTouchCredit.getClassSchema()))
                .contains(new GlueColumn("share", "decimal(10,4)"));
    }

    @Test
    void manifestColumnsAreTheDocumentedScalarKeysWithWindowUnquoted() {
        assertThat(columns(CuratedTable.MANIFESTS)).containsExactlyElementsOf(CuratedTable.MANIFESTS.columns())
                .hasSize(15).contains(new GlueColumn("window", "string"), new GlueColumn("run_id", "bigint"));
    }

    @ParameterizedTest
    @EnumSource(value = CuratedTable.class, names = {"ATTRIBUTIONS", "TOUCH_CREDITS"})
    void parquetTablesProjectTheCheckoutDayFromThePath(CuratedTable table) {
        Map<String, Object> input = input(table);
        assertThat(Cfn.list(input.get("PartitionKeys"))).containsExactly(Map.of("Name", "dt", "Type", "string"));
        Map<?, ?> p = (Map<?, ?>) input.get("Parameters");
        CatalogTest.assertDtProjectedAsADay(p);
        assertThat(p.containsKey("projection.hour.type")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = CuratedTable.class, names = {"ATTRIBUTIONS", "TOUCH_CREDITS"})
    void locationTemplateFilledLikeAthenaIsTheFolderTheReconcilerWrites(CuratedTable table) {
        String template = Cfn.render(Cfn.path(input(table), "Parameters", "storage.location.template"));
        LocalDate day = LocalDate.parse("2026-03-07");
        String key = table == CuratedTable.ATTRIBUTIONS
                ? CuratedLayout.attributionsKey(42, day, 3) : CuratedLayout.touchCreditsKey(42, day, 3);
        String resolved = template.replace("${dt}", day.toString());
        assertThat(resolved).isEqualTo(rawBucket + "/" + table.prefix() + "dt=2026-03-07/");
        assertThat(rawBucket + "/" + key).startsWith(resolved);
    }

    @ParameterizedTest
    @EnumSource(value = CuratedTable.class, names = {"ATTRIBUTIONS", "TOUCH_CREDITS"})
    void parquetTablesUseTheHiveParquetSerde(CuratedTable table) {
        Map<String, Object> input = input(table);
        assertThat(Cfn.path(input, "StorageDescriptor", "InputFormat"))
                .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        assertThat(Cfn.path(input, "StorageDescriptor", "SerdeInfo", "SerializationLibrary"))
                .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
        assertThat(Cfn.path(input, "Parameters", "classification")).isEqualTo("parquet");
    }

    @Test
    void manifestTableIsUnpartitionedJsonThroughTheOpenxSerde() {
        Map<String, Object> input = input(CuratedTable.MANIFESTS);
        assertThat(Cfn.list(input.get("PartitionKeys"))).isEmpty();
        assertThat(Cfn.path(input, "StorageDescriptor", "SerdeInfo", "SerializationLibrary"))
                .isEqualTo("org.openx.data.jsonserde.JsonSerDe");
        assertThat(Cfn.path(input, "StorageDescriptor", "InputFormat")).isEqualTo("org.apache.hadoop.mapred.TextInputFormat");
        assertThat(Cfn.path(input, "Parameters", "classification")).isEqualTo("json");
        assertThat(((Map<?, ?>) input.get("Parameters")).containsKey("projection.enabled")).isFalse();
    }

    @Test
    void noTableOverTheInternalRollupPartials() {
        assertThat(Cfn.resources(template, "AWS::Glue::Table").values().stream()
                .map(r -> Cfn.render(Cfn.path(Cfn.properties(r), "TableInput", "StorageDescriptor", "Location"))))
                .noneMatch(location -> location.contains(CuratedLayout.ROLLUP_PARTIALS));
    }

    private static Map<String, Object> input(CuratedTable table) {
        return Cfn.glueTableInput(template, table.tableName());
    }

    private static List<GlueColumn> columns(CuratedTable table) {
        return Cfn.list(Cfn.path(input(table), "StorageDescriptor", "Columns")).stream()
                .map(c -> new GlueColumn((String) Cfn.path(c, "Name"), (String) Cfn.path(c, "Type")))
                .toList();
    }
}
