package com.clickstream.attribution.core.contract;

import static com.clickstream.attribution.core.contract.EventJsonTest.NOW;
import static com.clickstream.attribution.core.contract.EventJsonTest.PARSER;
import static com.clickstream.attribution.core.contract.EventJsonTest.checkout;
import static com.clickstream.attribution.core.contract.EventJsonTest.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One named bad record per reason code; together they must reach every {@link RejectReason}. */
class EventParserTest {

    private static final Set<RejectReason> SEEN = EnumSet.noneOf(RejectReason.class);

    static Stream<Arguments> badRecords() {
        return Stream.of(
                raw("oversized record", "{\"event_type\":\"click\",\"pad\":\"" + "x".repeat(70_000) + "\"}",
                        RejectReason.RECORD_TOO_LARGE),
                raw("truncated JSON", "{\"event_type\":\"click\",", RejectReason.NOT_JSON),
                raw("empty record", "", RejectReason.NOT_JSON),
                raw("number no decimal holds (found by the fuzz property)",
                        "{\"event_type\":\"click\",\"event_type\":[1e-309223372036854775808}", RejectReason.NOT_JSON),
                raw("trailing garbage", "{\"event_type\":\"click\"} x", RejectReason.NOT_JSON),
                raw("JSON array", "[1,2]", RejectReason.NOT_AN_OBJECT),
                raw("JSON string", "\"click\"", RejectReason.NOT_AN_OBJECT),
                clickWith("event type missing", n -> n.remove("event_type"), RejectReason.UNKNOWN_EVENT_TYPE),
                clickWith("event type view", n -> n.put("event_type", "view"), RejectReason.UNKNOWN_EVENT_TYPE),
                clickWith("event type number", n -> n.put("event_type", 3), RejectReason.UNKNOWN_EVENT_TYPE),
                clickWith("user id missing", n -> n.remove("user_id"), RejectReason.MISSING_FIELD),
                clickWith("event ts null", n -> n.putNull("event_ts"), RejectReason.MISSING_FIELD),
                checkoutWith("items missing", n -> n.remove("items"), RejectReason.MISSING_FIELD),
                checkoutWith("item quantity missing", n -> ((ObjectNode) n.withArray("items").get(0)).remove("quantity"),
                        RejectReason.MISSING_FIELD),
                clickWith("event ts as ISO string", n -> n.put("event_ts", "2026-11-25T11:50:00Z"),
                        RejectReason.WRONG_TYPE),
                clickWith("price as string", n -> n.put("product_price", "19.90"), RejectReason.WRONG_TYPE),
                clickWith("user id as number", n -> n.put("user_id", 42), RejectReason.WRONG_TYPE),
                checkoutWith("items as object", n -> n.putObject("items"), RejectReason.WRONG_TYPE),
                checkoutWith("quantity fractional", n -> ((ObjectNode) n.withArray("items").get(0)).put("quantity", 1.5),
                        RejectReason.WRONG_TYPE),
                clickWith("blank event id", n -> n.put("event_id", " "), RejectReason.EMPTY_ID),
                checkoutWith("blank user id", n -> n.put("user_id", ""), RejectReason.EMPTY_ID),
                clickWith("negative price", n -> n.put("product_price", new java.math.BigDecimal("-1.00")),
                        RejectReason.NEGATIVE_AMOUNT),
                checkoutWith("negative total", n -> n.put("total_amount", new java.math.BigDecimal("-40.10")),
                        RejectReason.NEGATIVE_AMOUNT),
                clickWith("absurd price", n -> n.put("product_price", new java.math.BigDecimal("250000.00")),
                        RejectReason.ABSURD_AMOUNT),
                checkoutWith("total beyond decimal(12,2)", n -> n.put("total_amount", new java.math.BigDecimal("1e12")),
                        RejectReason.ABSURD_AMOUNT),
                clickWith("three decimal places", n -> n.put("product_price", new java.math.BigDecimal("19.999")),
                        RejectReason.AMOUNT_PRECISION),
                checkoutWith("no items", n -> n.putArray("items"), RejectReason.ITEMS_EMPTY),
                checkoutWith("quantity zero", n -> ((ObjectNode) n.withArray("items").get(0)).put("quantity", 0),
                        RejectReason.QUANTITY_OUT_OF_RANGE),
                checkoutWith("quantity huge", n -> ((ObjectNode) n.withArray("items").get(0)).put("quantity", 5000),
                        RejectReason.QUANTITY_OUT_OF_RANGE),
                checkoutWith("total off by a cent", n -> n.put("total_amount", new java.math.BigDecimal("40.11")),
                        RejectReason.ITEM_TOTAL_MISMATCH),
                checkoutWith("lower-case currency", n -> n.put("currency", "usd"), RejectReason.INVALID_CURRENCY),
                clickWith("device smart-tv", n -> n.put("device_type", "smart-tv"), RejectReason.UNKNOWN_DEVICE_TYPE),
                clickWith("event ts an hour ahead", n -> n.put("event_ts", NOW.plusSeconds(3600).toEpochMilli()),
                        RejectReason.EVENT_TIME_IN_FUTURE),
                clickWith("event ts a year old", n -> n.put("event_ts", NOW.minusSeconds(365L * 86400).toEpochMilli()),
                        RejectReason.EVENT_TIME_BEFORE_RETENTION),
                clickWith("user id with an escaped NUL", n -> n.put("user_id", "u\u0000"), RejectReason.NUL_CHARACTER));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badRecords")
    void rejectsWithTheReason(String name, String json, RejectReason expected) {
        ParseResult result = PARSER.parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        ParseResult.Rejected rejected = (ParseResult.Rejected) result;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(expected);
        assertThat(rejected.detail()).isNotBlank();
        SEEN.add(expected);
    }

    @Test
    void aClickOnTheCheckoutsStreamIsRejectedAsWrongStream() {
        ParseResult result = PARSER.parse(EventJson.toJsonBytes(click()), EventType.CHECKOUT);

        assertThat(((ParseResult.Rejected) result).reason()).isEqualTo(RejectReason.WRONG_STREAM);
        assertThat(PARSER.parse(EventJson.toJsonBytes(click()), EventType.CLICK).isValid()).isTrue();
        SEEN.add(RejectReason.WRONG_STREAM);
    }

    @Test
    void clockSkewWithinToleranceIsAccepted() {
        ObjectNode node = EventJson.toNode(click());
        node.put("event_ts", NOW.plusSeconds(299).toEpochMilli());
        assertThat(PARSER.parse(node.toString()).isValid()).isTrue();
    }

    @Test
    void reasonCodesAreLowerCaseAndDistinct() {
        assertThat(Stream.of(RejectReason.values()).map(RejectReason::code))
                .doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z_]+"))
                .hasSizeGreaterThanOrEqualTo(12);
    }

    @AfterAll
    static void everyReasonIsReachable() {
        assertThat(SEEN).containsExactlyInAnyOrder(RejectReason.values());
    }

    private static Arguments raw(String name, String json, RejectReason reason) {
        return Arguments.of(name, json, reason);
    }

    private static Arguments clickWith(String name, Consumer<ObjectNode> change, RejectReason reason) {
        ObjectNode node = EventJson.toNode(click());
        change.accept(node);
        return Arguments.of(name, node.toString(), reason);
    }

    private static Arguments checkoutWith(String name, Consumer<ObjectNode> change, RejectReason reason) {
        ObjectNode node = EventJson.toNode(checkout());
        change.accept(node);
        return Arguments.of(name, node.toString(), reason);
    }
}
