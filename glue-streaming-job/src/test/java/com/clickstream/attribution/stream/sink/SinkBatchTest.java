package com.clickstream.attribution.stream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.stream.TestEvents;
import com.clickstream.attribution.stream.attribution.OutputRows;
import com.clickstream.attribution.stream.sink.model.DeadLetterRow;
import com.clickstream.attribution.stream.sink.model.SinkBatch;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

/** Reshaping operator rows into rows per table (the writer model), and the COPY text. */
class SinkBatchTest {

    private static Row withSchema(Row row) {
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i);
        }
        return new GenericRowWithSchema(values, OutputRows.SCHEMA);
    }

    @Test
    void answersItemsDeadLettersAndCountsLandInTheirRows() {
        var checkout = TestEvents.checkout("o-1", "u1", TestEvents.minutes(60), "12.50");
        var click = TestEvents.click("k-1", "u1", TestEvents.minutes(50), "google");
        Attribution first = Attribution.unattributed(checkout);
        Attribution upgraded = Attribution.attributedTo(checkout, click);
        Row parsedReject = new GenericRowWithSchema(new Object[] {"u9", "rejected", null, null, null, "click",
                "not_json", "bad", "{x", "clicks", "u9", "42"},
                com.clickstream.attribution.stream.parse.ParsedRecords.SCHEMA);

        SinkBatch batch = SinkBatch.from(List.of(
                withSchema(OutputRows.answer(first, checkout)),
                withSchema(OutputRows.answer(upgraded, null)),
                withSchema(OutputRows.counts(5, 1, 2)),
                withSchema(OutputRows.counts(3, 0, 0)),
                withSchema(OutputRows.rejected(parsedReject))));

        assertThat(batch.checkouts()).singleElement().satisfies(r -> {
            assertThat(r.attributed()).isTrue();
            assertThat(r.attributedClickId()).isEqualTo("k-1");
            assertThat(r.clickTs()).isEqualTo(click.getEventTs());
            assertThat(r.revenue()).isEqualByComparingTo("12.50");
        });
        assertThat(batch.items()).singleElement().satisfies(i -> {
            assertThat(i.lineNo()).isEqualTo(1);
            assertThat(i.unitPrice()).isEqualByComparingTo("12.50");
        });
        assertThat(batch.deadLetters()).containsExactly(
                new DeadLetterRow("click", "not_json", "bad", "{x", "clicks", "u9", "42"));
        assertThat(batch.eventsIn()).isEqualTo(8);
        assertThat(batch.lateDropped()).isEqualTo(1);
        assertThat(batch.duplicates()).isEqualTo(2);
        assertThat(batch.rejected()).isEqualTo(1);
    }

    @Test
    void aCheckoutIdReusedByTwoUsersKeepsTheOwnersAnswerAndOnlyItsItemsInEitherOrder() {
        // the owner has the smaller total; the other user's answer is attributed and would win on the click alone
        var owner = TestEvents.checkout("o-9", "u-9", TestEvents.minutes(60), "30.00");
        var other = TestEvents.checkout("o-9", "u-1", TestEvents.minutes(60), "45.00");
        Row ownerRow = withSchema(OutputRows.answer(Attribution.unattributed(owner), owner));
        Row otherRow = withSchema(OutputRows.answer(Attribution.attributedTo(other,
                TestEvents.click("k-1", "u-1", TestEvents.minutes(50), "google")), other));

        for (List<Row> rows : List.of(List.of(ownerRow, otherRow), List.of(otherRow, ownerRow))) {
            SinkBatch batch = SinkBatch.from(rows);

            assertThat(batch.checkouts()).singleElement().satisfies(r -> {
                assertThat(r.userId()).isEqualTo("u-9");
                assertThat(r.attributed()).isFalse();
            });
            assertThat(batch.items()).singleElement()
                    .satisfies(i -> assertThat(i.unitPrice()).isEqualByComparingTo("30.00"));
        }
    }

    @Test
    void answersOfOneOwnerKeepTheEarliestClickTiesByIdInEitherOrder() {
        // the min rule (FirstClickMerge): earlier click wins; on equal click time the smaller click id
        var checkout = TestEvents.checkout("o-5", "u-5", TestEvents.minutes(60), "20.00");
        Row later = withSchema(OutputRows.answer(Attribution.attributedTo(checkout,
                TestEvents.click("k-a", "u-5", TestEvents.minutes(40), "email")), checkout));
        Row earlierB = withSchema(OutputRows.answer(Attribution.attributedTo(checkout,
                TestEvents.click("k-b", "u-5", TestEvents.minutes(30), "google")), null));
        Row earlierC = withSchema(OutputRows.answer(Attribution.attributedTo(checkout,
                TestEvents.click("k-c", "u-5", TestEvents.minutes(30), "facebook")), null));

        for (List<Row> rows : List.of(List.of(later, earlierB, earlierC), List.of(earlierC, earlierB, later),
                List.of(earlierB, later, earlierC))) {
            SinkBatch batch = SinkBatch.from(rows);

            assertThat(batch.checkouts()).singleElement()
                    .satisfies(r -> assertThat(r.attributedClickId()).isEqualTo("k-b"));
            assertThat(batch.items()).hasSize(1); // the first write's lines, whichever answer carried them
        }
    }

    @Test
    void csvQuotesEverythingButNull() {
        String text = new CsvRows().add("a,\"b\"\nc").add(null).add("").add(true).add(new BigDecimal("1.50"))
                .add(Instant.parse("2026-01-01T00:00:00Z")).endRow().text();
        assertThat(text).isEqualTo("\"a,\"\"b\"\"\nc\",,\"\",\"t\",\"1.50\",\"2026-01-01T00:00:00Z\"\n");
    }

    @Test
    void deadLettersNeverCarryNul() {
        assertThat(new DeadLetterRow(null, "not_json", "x\u0000", "a\u0000b", null, null, null).payload())
                .isEqualTo("a\uFFFDb");
    }
}
