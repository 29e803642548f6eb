package com.clickstream.attribution.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.curated.CuratedAttribution;
import com.clickstream.attribution.core.curated.CuratedTouchCredit;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.curated.CuratedLayout;
import com.clickstream.attribution.rawstore.curated.CuratedTable;
import com.clickstream.attribution.rawstore.glue.GlueColumn;
import com.clickstream.attribution.rawstore.glue.GlueColumns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code db/athena/create_tables.sql} must read what Firehose (and raw-landing) writes: each raw table's
 * columns are raw-store's {@link GlueColumns} for its event type — the one Avro-contract-to-Hive mapping,
 * which the CDK Glue tables use too — same names, same order, same types; partitions and projection
 * match {@link RawLayout}. The curated tables are raw-store's {@link CuratedTable}: Parquet columns = GlueColumns
 * of the curated Avro records, {@code dt} projected over {@link CuratedLayout}; the manifests as JSON.
 */
class AthenaDdlTest {

    private static final Path DDL = Path.of("athena", "create_tables.sql");
    private static final Pattern TABLE = Pattern.compile(
            "CREATE EXTERNAL TABLE IF NOT EXISTS clickstream\\.(\\w+) \\((.*?)\\)\\s*COMMENT(.*?);", Pattern.DOTALL);

    private static String ddl;

    @BeforeAll
    static void read() throws IOException {
        ddl = Files.readString(DDL, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void tableColumnsAreTheGlueColumnsOfTheContract(EventType type) {
        List<GlueColumn> expected = GlueColumns.of(type);
        assertThat(columns(type.stream())).containsExactlyElementsOf(expected);
        // the mapping itself: event time is epoch millis (bigint), never a timestamp or INT96
        assertThat(expected).contains(new GlueColumn("event_ts", "bigint"));
    }

    @Test
    void checkoutItemsAreAnArrayOfLineItemStructs() {
        assertThat(columns("checkouts")).contains(new GlueColumn("items",
                "array<struct<product_id:string,product_name:string,unit_price:decimal(10,2),quantity:int>>"));
    }

    @Test
    void thereIsOneTablePerEventTypeNamedLikeItsStreamAndOnePerCuratedTable() {
        List<String> tables = new ArrayList<>();
        Matcher m = TABLE.matcher(ddl);
        while (m.find()) {
            tables.add(m.group(1));
        }
        List<String> expected = new ArrayList<>();
        java.util.Arrays.stream(EventType.values()).map(EventType::stream).forEach(expected::add);
        java.util.Arrays.stream(CuratedTable.values()).map(CuratedTable::tableName).forEach(expected::add);
        assertThat(tables).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(CuratedTable.class)
    void curatedTableColumnsAreCuratedTables(CuratedTable table) {
        assertThat(columns(table.tableName())).containsExactlyElementsOf(table.columns());
    }

    @Test
    void curatedParquetColumnsAreTheGlueColumnsOfTheAvroRecords() {
        assertThat(columns("curated_attributions")).containsExactlyElementsOf(GlueColumns.of(CuratedAttribution.getClassSchema()))
                .contains(new GlueColumn("attributed", "boolean"));
        assertThat(columns("curated_touch_credits")).containsExactlyElementsOf(GlueColumns.of(CuratedTouchCredit.getClassSchema()));
    }

    @ParameterizedTest
    @EnumSource(value = CuratedTable.class, names = {"ATTRIBUTIONS", "TOUCH_CREDITS"})
    void curatedParquetTablesProjectTheCheckoutDayOverTheCuratedLayout(CuratedTable table) {
        String rest = tableText(table.tableName()).group(3);
        String location = "s3://<bucket>/" + table.prefix();
        assertParquetWithDayProjection(rest, location, "dt=${dt}/");
        assertThat(rest).contains("PARTITIONED BY (" + CuratedLayout.PARTITION_KEY + " string)")
                .doesNotContain("projection.hour");
        java.time.LocalDate day = java.time.LocalDate.parse("2026-11-07");
        String key = table == CuratedTable.ATTRIBUTIONS
                ? CuratedLayout.attributionsKey(42, day, 3) : CuratedLayout.touchCreditsKey(42, day, 3);
        assertThat("s3://<bucket>/" + key).startsWith(location + "dt=2026-11-07/");
    }

    @Test
    void curatedManifestsAreUnpartitionedJsonWithWindowBackquoted() {
        Matcher table = tableText(CuratedTable.MANIFESTS.tableName());
        assertThat(table.group(2)).contains("`window`");
        assertThat(table.group(3)).doesNotContain("PARTITIONED BY")
                .contains("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'")
                .contains("STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'")
                .contains("LOCATION 's3://<bucket>/" + CuratedLayout.MANIFESTS + "'");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void partitionedByArrivalDayAndHourWithProjectionOverTheRawLayout(EventType type) {
        String rest = tableText(type.stream()).group(3);
        String location = "s3://<bucket>/" + RawLayout.typePrefix(type);
        String partitionsOf = String.join(" string, ", RawLayout.PARTITION_KEYS) + " string";
        assertParquetWithDayProjection(rest, location, "dt=${dt}/hour=${hour}/");
        assertThat(rest).contains("PARTITIONED BY (" + partitionsOf + ")")
                .containsPattern("'projection.hour.type'\\s*=\\s*'integer'")
                .containsPattern("'projection.hour.range'\\s*=\\s*'0,23'")
                .containsPattern("'projection.hour.digits'\\s*=\\s*'2'");
        // a key raw-store writes falls under the template with dt/hour filled in as projection does
        String key = RawLayout.objectKey(type, java.time.Instant.parse("2026-11-07T04:30:00Z"), "part-0");
        assertThat("s3://<bucket>/" + key).startsWith(location + "dt=2026-11-07/hour=04/");
    }

    /** Parquet at {@code location}, {@code dt} projected as a date from 2025-01-01, path template {@code location + template}. */
    private static void assertParquetWithDayProjection(String rest, String location, String template) {
        assertThat(rest).contains("STORED AS PARQUET")
                .contains("LOCATION '" + location + "'")
                .containsPattern("'storage.location.template'\\s*=\\s*'" + Pattern.quote(location + template) + "'")
                .containsPattern("'projection.enabled'\\s*=\\s*'true'")
                .containsPattern("'projection.dt.type'\\s*=\\s*'date'")
                .containsPattern("'projection.dt.format'\\s*=\\s*'yyyy-MM-dd'")
                .containsPattern("'projection.dt.range'\\s*=\\s*'2025-01-01,NOW'");
    }

    private static List<GlueColumn> columns(String table) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String column : splitTopLevel(tableText(table).group(2))) {
            String[] nameAndType = column.strip().split("\\s+", 2);
            columns.put(nameAndType[0].replace("`", ""), nameAndType[1].replaceAll("\\s+", ""));
        }
        return columns.entrySet().stream().map(e -> new GlueColumn(e.getKey(), e.getValue())).toList();
    }

    private static Matcher tableText(String table) {
        Matcher matcher = TABLE.matcher(ddl);
        while (matcher.find()) {
            if (matcher.group(1).equals(table)) {
                return matcher;
            }
        }
        throw new AssertionError("no CREATE EXTERNAL TABLE for " + table);
    }

    /** Splits a column list at commas that are not inside {@code <...>} or {@code (...)}. */
    private static List<String> splitTopLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char ch : list.toCharArray()) {
            if (ch == '<' || ch == '(') {
                depth++;
            } else if (ch == '>' || ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(ch);
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString());
        }
        return parts;
    }
}
