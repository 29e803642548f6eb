package com.clickstream.attribution.db;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Collectors;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code db/athena/create_tables.sql} must read what Firehose writes: the columns of each raw table are
 * the fields of the Avro contract ({@code attribution-core/src/main/avro}), same names, same order,
 * with the Athena type the contract implies.
 */
class AthenaDdlTest {

    private static final Path DDL = Path.of("athena", "create_tables.sql");
    private static final Path AVRO = Path.of("..", "attribution-core", "src", "main", "avro");
    private static final Pattern TABLE = Pattern.compile(
            "CREATE EXTERNAL TABLE IF NOT EXISTS clickstream\\.(\\w+) \\((.*?)\\)\\s*COMMENT(.*?);", Pattern.DOTALL);

    private static String ddl;
    private static Schema click;
    private static Schema checkout;

    @BeforeAll
    static void read() throws IOException {
        ddl = Files.readString(DDL, StandardCharsets.UTF_8);
        Schema.Parser parser = new Schema.Parser();
        parser.parse(AVRO.resolve("line_item.avsc").toFile()); // named type used by checkout.avsc
        click = parser.parse(AVRO.resolve("click.avsc").toFile());
        checkout = parser.parse(AVRO.resolve("checkout.avsc").toFile());
    }

    @Test
    void clicksTableHasTheClickContractColumns() {
        assertThat(columns("clicks")).containsExactlyEntriesOf(expectedColumns(click));
    }

    @Test
    void checkoutsTableHasTheCheckoutContractColumns() {
        assertThat(columns("checkouts")).containsExactlyEntriesOf(expectedColumns(checkout));
        assertThat(columns("checkouts").get("items"))
                .isEqualTo("array<struct<product_id:string,product_name:string,unit_price:decimal(10,2),quantity:int>>");
        assertThat(columns("checkouts").get("event_ts")).isEqualTo("bigint");
    }

    @Test
    void bothTablesArePartitionedByArrivalDayAndHourWithProjection() {
        for (String table : List.of("clicks", "checkouts")) {
            String rest = tableText(table).group(3);
            String eventType = table.substring(0, table.length() - 1);
            assertThat(rest).contains("PARTITIONED BY (dt string, hour string)")
                    .contains("STORED AS PARQUET")
                    .contains("LOCATION 's3://<bucket>/raw/" + eventType + "/'")
                    .contains("'storage.location.template'       = 's3://<bucket>/raw/" + eventType + "/dt=${dt}/hour=${hour}/'")
                    .contains("'projection.dt.type'              = 'date'")
                    .contains("'projection.hour.digits'          = '2'");
        }
    }

    private static Map<String, String> expectedColumns(Schema record) {
        Map<String, String> columns = new LinkedHashMap<>();
        record.getFields().forEach(f -> columns.put(f.name(), athenaType(f.schema())));
        return columns;
    }

    /** The Athena (Hive DDL) type of an Avro schema as Firehose's Parquet conversion should store it. */
    private static String athenaType(Schema schema) {
        return switch (schema.getType()) {
            case STRING -> "string";
            case INT -> "int";
            case LONG -> "bigint"; // timestamp-millis included: epoch millis, never INT96
            case BOOLEAN -> "boolean";
            case DOUBLE -> "double";
            case BYTES -> {
                LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) schema.getLogicalType();
                yield "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
            }
            case UNION -> athenaType(schema.getTypes().stream()
                    .filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow());
            case ARRAY -> "array<" + athenaType(schema.getElementType()) + ">";
            case RECORD -> schema.getFields().stream()
                    .map(f -> f.name() + ":" + athenaType(f.schema()))
                    .collect(Collectors.joining(",", "struct<", ">"));
            default -> throw new IllegalArgumentException("no Athena mapping for " + schema);
        };
    }

    private static Map<String, String> columns(String table) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String column : splitTopLevel(tableText(table).group(2))) {
            String[] nameAndType = column.strip().split("\\s+", 2);
            columns.put(nameAndType[0], nameAndType[1].replaceAll("\\s+", ""));
        }
        return columns;
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
