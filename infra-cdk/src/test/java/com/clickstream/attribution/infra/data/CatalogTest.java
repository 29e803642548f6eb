package com.clickstream.attribution.infra.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawPartition;
import com.clickstream.attribution.rawstore.glue.GlueColumn;
import com.clickstream.attribution.rawstore.glue.GlueColumns;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The Glue tables must read exactly what raw-store writes and Firehose lands. */
class CatalogTest {

    private static Template template;

    @BeforeAll
    static void synth() {
        InfraTestApp app = InfraTestApp.get();
        template = app.template(app.stacks().data());
    }

    @Test
    void oneDatabaseNamedAsInTheAthenaDdl() {
        template.resourceCountIs("AWS::Glue::Database", 1);
        template.hasResourceProperties("AWS::Glue::Database", Map.of(
                "CatalogId", Map.of("Ref", "AWS::AccountId"),
                "DatabaseInput", software.amazon.awscdk.assertions.Match.objectLike(Map.of("Name", "clickstream"))));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void tableColumnsAreTheAvroContractThroughGlueColumns(EventType type) {
        Map<String, Object> input = tableInput(type);
        List<GlueColumn> columns = Cfn.list(Cfn.path(input, "StorageDescriptor", "Columns")).stream()
                .map(c -> new GlueColumn((String) Cfn.path(c, "Name"), (String) Cfn.path(c, "Type")))
                .toList();
        assertThat(columns).containsExactlyElementsOf(GlueColumns.of(type));
        // and the contract really is what it says: field names in schema order
        assertThat(columns).extracting(GlueColumn::name)
                .containsExactlyElementsOf(type.schema().getFields().stream().map(f -> f.name()).toList());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void partitionsAreArrivalDayAndHourProjectedFromThePath(EventType type) {
        Map<String, Object> input = tableInput(type);
        assertThat(Cfn.list(input.get("PartitionKeys"))).containsExactly(
                Map.of("Name", "dt", "Type", "string"), Map.of("Name", "hour", "Type", "string"));
        Map<?, ?> p = (Map<?, ?>) input.get("Parameters");
        assertDtProjectedAsADay(p);
        assertThat(p.get("projection.hour.type")).isEqualTo("integer");
        assertThat(p.get("projection.hour.range")).isEqualTo("0,23");
        assertThat(p.get("projection.hour.digits")).isEqualTo("2");
        assertThat(p.get("classification")).isEqualTo("parquet");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void locationTemplateResolvesToTheRawLayoutsPartitionPrefix(EventType type) {
        Map<String, Object> input = tableInput(type);
        String location = joined(Cfn.path(input, "StorageDescriptor", "Location"));
        String template = joined(Cfn.path(input, "Parameters", "storage.location.template"));
        assertThat(location).isEqualTo("s3://<raw bucket>/" + RawLayout.typePrefix(type));
        // fill the projection like Athena does (dt yyyy-MM-dd, hour 2 digits) and compare with raw-store's own key
        Instant arrival = Instant.parse("2026-03-07T04:59:59Z");
        RawPartition partition = RawPartition.of(type, arrival);
        String resolved = template.replace("${dt}", partition.dt().toString())
                .replace("${hour}", String.format("%02d", partition.hour()));
        assertThat(resolved).isEqualTo("s3://<raw bucket>/" + partition.prefix());
        assertThat(RawLayout.objectKey(type, arrival, "part-0")).startsWith(partition.prefix());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void tablesAreParquetWithTheHiveSerde(EventType type) {
        Map<String, Object> sd = (Map<String, Object>) tableInput(type).get("StorageDescriptor");
        assertThat(sd.get("InputFormat")).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        assertThat(Cfn.path(sd, "SerdeInfo", "SerializationLibrary"))
                .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    }

    /** {@code dt} projected as one yyyy-MM-dd day at a time from 2025-01-01 to now (raw and curated tables). */
    static void assertDtProjectedAsADay(Map<?, ?> parameters) {
        assertThat(parameters.get("projection.enabled")).isEqualTo("true");
        assertThat(parameters.get("projection.dt.type")).isEqualTo("date");
        assertThat(parameters.get("projection.dt.format")).isEqualTo("yyyy-MM-dd");
        assertThat(parameters.get("projection.dt.range")).isEqualTo("2025-01-01,NOW");
        assertThat(parameters.get("projection.dt.interval.unit")).isEqualTo("DAYS");
    }

    private static Map<String, Object> tableInput(EventType type) {
        return Cfn.glueTableInput(template, type.stream());
    }

    /** Renders an Fn::Join with the raw bucket reference as the text {@code <raw bucket>}. */
    private static String joined(Object value) {
        if (value instanceof String s) {
            return s;
        }
        List<Object> join = Cfn.list(Cfn.path(value, "Fn::Join"));
        StringBuilder out = new StringBuilder();
        for (Object part : Cfn.list(join.get(1))) {
            out.append(part instanceof String s ? s : "<raw bucket>");
        }
        return out.toString();
    }
}
