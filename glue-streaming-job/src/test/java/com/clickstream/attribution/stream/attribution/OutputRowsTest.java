package com.clickstream.attribution.stream.attribution;

import static com.clickstream.attribution.stream.TestEvents.checkout;
import static com.clickstream.attribution.stream.TestEvents.click;
import static com.clickstream.attribution.stream.TestEvents.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.stream.parse.ParsedRecords;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/**
 * The operator's output rows are filled by column name: each kind sets exactly its own columns, read
 * back by name, and leaves every other column null, so a column added anywhere in the schema cannot
 * shift another (the rows used to be built by position, {@code v[16]}, {@code v[25]}).
 */
class OutputRowsTest {

    private static final Checkout CHECKOUT = checkout("o-1", "u1", minutes(60), "12.50");

    @Test
    void anAttributedFirstAnswerSetsTheAnswerColumnsAndItemsAndNothingElse() {
        var k = click("k-1", "u1", minutes(50), "google");
        Row row = OutputRows.answer(Attribution.attributedTo(CHECKOUT, k), CHECKOUT);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put(OutputRows.KIND, OutputRows.KIND_ANSWER);
        expected.put(OutputRows.CHECKOUT_ID, "o-1");
        expected.put(OutputRows.USER_ID, "u1");
        expected.put(OutputRows.CHECKOUT_TS, Timestamp.from(minutes(60)));
        expected.put(OutputRows.REVENUE, new BigDecimal("12.50"));
        expected.put(OutputRows.CURRENCY, "USD");
        expected.put(OutputRows.ATTRIBUTED, true);
        expected.put(OutputRows.CLICK_ID, "k-1");
        expected.put(OutputRows.CLICK_TS, Timestamp.from(minutes(50)));
        expected.put(OutputRows.TRAFFIC_SOURCE, "google");
        expected.put(OutputRows.CAMPAIGN_ID, null); // the test click has no campaign
        expected.put(OutputRows.DEVICE_TYPE, "mobile");
        expected.put(OutputRows.PRODUCT_ID, "p-1");
        expected.put(OutputRows.PRODUCT_CATEGORY, "books");
        expected.put(OutputRows.FIRST_WRITE, true);
        assertOnly(row, expected, Set.of(OutputRows.ITEMS));
        List<?> items = row.getList(row.fieldIndex(OutputRows.ITEMS));
        assertThat(items).hasSize(1);
        assertThat(((Row) items.get(0)).<String>getAs(0)).isEqualTo("p-1");
    }

    @Test
    void anUnattributedLaterAnswerHasNoClickAndNoItems() {
        Row row = OutputRows.answer(Attribution.unattributed(CHECKOUT), null);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put(OutputRows.KIND, OutputRows.KIND_ANSWER);
        expected.put(OutputRows.CHECKOUT_ID, "o-1");
        expected.put(OutputRows.USER_ID, "u1");
        expected.put(OutputRows.CHECKOUT_TS, Timestamp.from(minutes(60)));
        expected.put(OutputRows.REVENUE, new BigDecimal("12.50"));
        expected.put(OutputRows.CURRENCY, "USD");
        expected.put(OutputRows.ATTRIBUTED, false);
        expected.put(OutputRows.TRAFFIC_SOURCE, Attribution.UNATTRIBUTED);
        expected.put(OutputRows.FIRST_WRITE, false);
        assertOnly(row, expected, Set.of());
    }

    @Test
    void countsSetOnlyTheirThreeCounters() {
        Row row = OutputRows.counts(7, 2, 1);

        assertOnly(row, Map.of(OutputRows.KIND, OutputRows.KIND_COUNTS, OutputRows.EVENTS_IN, 7L,
                OutputRows.LATE_DROPPED, 2L, OutputRows.DUPLICATES, 1L), Set.of());
    }

    @Test
    void aRejectedRecordKeepsItsReasonPayloadAndCoordinatesUnderTheSameNames() {
        Row parsed = new GenericRowWithSchema(new Object[] {"u9", ParsedRecords.KIND_REJECTED, null, null, null, "click",
                "not_json", "bad", "{x", "clicks", "pk-9", "42"}, ParsedRecords.SCHEMA);

        Row row = OutputRows.rejected(parsed);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put(OutputRows.KIND, OutputRows.KIND_REJECTED);
        expected.put(ParsedRecords.EVENT_TYPE, "click");
        expected.put(ParsedRecords.REASON_CODE, "not_json");
        expected.put(ParsedRecords.DETAIL, "bad");
        expected.put(ParsedRecords.PAYLOAD, "{x");
        expected.put(ParsedRecords.STREAM_NAME, "clicks");
        expected.put(ParsedRecords.PARTITION_KEY, "pk-9");
        expected.put(ParsedRecords.SEQUENCE_NUMBER, "42");
        assertOnly(row, expected, Set.of());
    }

    @Test
    void anUnknownColumnNameFailsInsteadOfWritingAnotherColumn() {
        assertThatThrownBy(() -> new OutputRows.Builder(OutputRows.KIND_COUNTS).set("no_such_column", 1L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void columnNamesAreUnique() {
        String[] names = OutputRows.SCHEMA.fieldNames();
        assertThat(new HashSet<>(Arrays.asList(names))).hasSize(names.length);
    }

    /** {@code expected} by name, {@code alsoSet} non-null, every other column null; the row carries the schema. */
    private static void assertOnly(Row row, Map<String, Object> expected, Set<String> alsoSet) {
        assertThat(row.schema()).isEqualTo(OutputRows.SCHEMA);
        for (StructField field : OutputRows.SCHEMA.fields()) {
            Object value = row.get(row.fieldIndex(field.name()));
            if (expected.containsKey(field.name())) {
                assertThat(value).as(field.name()).isEqualTo(expected.get(field.name()));
            } else if (alsoSet.contains(field.name())) {
                assertThat(value).as(field.name()).isNotNull();
            } else {
                assertThat(value).as(field.name()).isNull();
            }
        }
    }
}
