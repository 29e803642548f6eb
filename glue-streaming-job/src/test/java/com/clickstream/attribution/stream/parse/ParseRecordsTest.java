package com.clickstream.attribution.stream.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.stream.TestEvents;
import com.clickstream.attribution.stream.schema.AvroRows;
import com.clickstream.attribution.stream.source.RawRecords;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

class ParseRecordsTest {

    private final ParseRecords parse = new ParseRecords("clicks", "checkouts");
    private final EventParser parser = new EventParser();

    private static Row raw(String stream, String payload) {
        return new GenericRowWithSchema(new Object[] {payload == null ? null : payload.getBytes(StandardCharsets.UTF_8),
                stream, "u1", "49590", Timestamp.from(Instant.now())}, RawRecords.SCHEMA);
    }

    @Test
    void aValidClickBecomesATypedRowKeyedByUser() {
        Click click = TestEvents.click("k-1", "u1", TestEvents.minutes(5), "google");
        Row row = parse.parse(parser, raw("clicks", TestEvents.json(click)));

        assertThat((String) row.getAs(ParsedRecords.KIND)).isEqualTo("click");
        assertThat((String) row.getAs(ParsedRecords.USER_KEY)).isEqualTo("u1");
        assertThat(((Timestamp) row.getAs(ParsedRecords.EVENT_TS)).toInstant()).isEqualTo(click.getEventTs());
        assertThat(AvroRows.<Click>fromRow(row.getAs(ParsedRecords.CLICK), Click.getClassSchema())).isEqualTo(click);
        assertThat((Object) row.getAs(ParsedRecords.CHECKOUT)).isNull();
        assertThat((Object) row.getAs(ParsedRecords.PAYLOAD)).isNull();
    }

    @Test
    void aRejectedRecordKeepsReasonPayloadAndKinesisCoordinates() {
        Click click = TestEvents.click("k-1", "u1", TestEvents.minutes(5), "google");
        Row row = parse.parse(parser, raw("checkouts", TestEvents.json(click)));

        assertThat((String) row.getAs(ParsedRecords.KIND)).isEqualTo("rejected");
        assertThat((String) row.getAs(ParsedRecords.REASON_CODE)).isEqualTo("wrong_stream");
        assertThat((String) row.getAs(ParsedRecords.EVENT_TYPE)).isEqualTo("click");
        assertThat((String) row.getAs(ParsedRecords.PAYLOAD)).isEqualTo(TestEvents.json(click));
        assertThat((String) row.getAs(ParsedRecords.SEQUENCE_NUMBER)).isEqualTo("49590");
        assertThat((Object) row.getAs(ParsedRecords.EVENT_TS)).isNull();
    }

    @Test
    void unreadableAndEmptyRecordsAreRejectedNotThrown() {
        assertThat((String) parse.parse(parser, raw("clicks", "\u0000\u0001garbage")).getAs(ParsedRecords.REASON_CODE))
                .isEqualTo("not_json");
        Row empty = parse.parse(parser, raw("clicks", null));
        assertThat((String) empty.getAs(ParsedRecords.REASON_CODE)).isEqualTo("not_json");
        assertThat((String) empty.getAs(ParsedRecords.PAYLOAD)).isEmpty();
        assertThat(ParseRecords.sniffEventType("{\"event_type\":\"refund\"}".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
