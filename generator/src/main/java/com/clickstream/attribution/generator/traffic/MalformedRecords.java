package com.clickstream.attribution.generator.traffic;

import com.clickstream.attribution.core.contract.EventJson;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.RejectReason;
import com.clickstream.attribution.core.event.Checkout;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Makes a broken record out of a valid event, broken in exactly one way so that the validator in
 * attribution-core must reject it with the declared {@link RejectReason}. This is how the tests and
 * the demo prove that every reason code is detected, counted and kept.
 */
final class MalformedRecords {

    /** Far enough that any clock and retention setting sees it as future / expired. */
    private static final Duration FAR = Duration.ofDays(3650);
    private static final int OVERSIZE_BYTES = 70 * 1024;

    private MalformedRecords() {
    }

    /**
     * The reasons made from a click, and those made from a checkout. WRONG_STREAM is left out: on a
     * file sink a record on the "wrong stream" would be an ordinary duplicate, not a bad record.
     */
    static List<RejectReason> reasonsFor(EventType type) {
        return type == EventType.CLICK
                ? List.of(RejectReason.RECORD_TOO_LARGE, RejectReason.NOT_JSON, RejectReason.NOT_AN_OBJECT,
                        RejectReason.UNKNOWN_EVENT_TYPE, RejectReason.MISSING_FIELD,
                        RejectReason.WRONG_TYPE, RejectReason.EMPTY_ID, RejectReason.NEGATIVE_AMOUNT,
                        RejectReason.ABSURD_AMOUNT, RejectReason.AMOUNT_PRECISION, RejectReason.UNKNOWN_DEVICE_TYPE,
                        RejectReason.EVENT_TIME_IN_FUTURE, RejectReason.EVENT_TIME_BEFORE_RETENTION)
                : List.of(RejectReason.ITEMS_EMPTY, RejectReason.QUANTITY_OUT_OF_RANGE,
                        RejectReason.ITEM_TOTAL_MISMATCH, RejectReason.INVALID_CURRENCY,
                        RejectReason.NEGATIVE_AMOUNT, RejectReason.MISSING_FIELD);
    }

    /**
     * @return the stream the broken record goes to and its bytes
     */
    static Broken corrupt(SpecificRecord event, EventType type, RejectReason reason, Instant arrival) {
        ObjectNode node = EventJson.toNode((org.apache.avro.generic.IndexedRecord) event);
        String stream = type.stream();  // a broken record still travels on its event's stream
        switch (reason) {
            case RECORD_TOO_LARGE -> node.put("page_url", "https://shop.example/?pad=" + "x".repeat(OVERSIZE_BYTES));
            case NOT_JSON -> {
                String json = node.toString();
                return new Broken(stream, json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8));
            }
            case NOT_AN_OBJECT -> {
                ArrayNode array = node.arrayNode().add(node);
                return new Broken(stream, array.toString().getBytes(StandardCharsets.UTF_8));
            }
            case UNKNOWN_EVENT_TYPE -> node.put("event_type", "page_view");
            case MISSING_FIELD -> node.remove("user_id");
            case WRONG_TYPE -> node.put("event_ts", arrival.toString());
            case EMPTY_ID -> node.put("event_id", "");
            case NEGATIVE_AMOUNT -> {
                if (type == EventType.CLICK) {
                    node.put("product_price", new BigDecimal("-1.00"));
                } else {
                    node.put("total_amount", ((Checkout) event).getTotalAmount().negate());
                }
            }
            case ABSURD_AMOUNT -> node.put("product_price", new BigDecimal("9999999.00"));
            case AMOUNT_PRECISION -> node.put("product_price", new BigDecimal("19.999"));
            case UNKNOWN_DEVICE_TYPE -> node.put("device_type", "smart-fridge");
            case EVENT_TIME_IN_FUTURE -> node.put("event_ts", arrival.plus(FAR).toEpochMilli());
            case EVENT_TIME_BEFORE_RETENTION -> node.put("event_ts", arrival.minus(FAR).toEpochMilli());
            case ITEMS_EMPTY -> node.putArray("items");
            case QUANTITY_OUT_OF_RANGE -> ((ObjectNode) node.withArray("items").get(0)).put("quantity", 0);
            case ITEM_TOTAL_MISMATCH ->
                    node.put("total_amount", ((Checkout) event).getTotalAmount().add(new BigDecimal("0.01")));
            case INVALID_CURRENCY -> node.put("currency", "dollars");
            default -> throw new IllegalArgumentException("no corruption for " + reason);
        }
        return new Broken(stream, node.toString().getBytes(StandardCharsets.UTF_8));
    }

    record Broken(String stream, byte[] payload) {
    }
}
