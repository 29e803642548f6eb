package com.clickstream.attribution.core.contract;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.event.LineItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * The semantic checks that a well-formed event must also pass (the structural ones — presence and
 * JSON types — happen while decoding). Each failed check throws with its own reason code; checks
 * run in a fixed order so one record always gets the same reason.
 */
final class EventValidator {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final ValidationPolicy policy;

    EventValidator(ValidationPolicy policy) {
        this.policy = policy;
    }

    void validateClick(Click click, Instant now) throws ContractViolation {
        requireId(click.getEventId(), "event_id");
        requireId(click.getUserId(), "user_id");
        requireId(click.getSessionId(), "session_id");
        requireId(click.getProductId(), "product_id");
        requireAmount(click.getProductPrice(), "product_price");
        if (!policy.deviceTypes().contains(click.getDeviceType())) {
            throw new ContractViolation(RejectReason.UNKNOWN_DEVICE_TYPE,
                    "device_type '" + click.getDeviceType() + "' is not one of " + policy.deviceTypes());
        }
        requireEventTime(click.getEventTs(), now);
        requireNoNul(click, "");
    }

    void validateCheckout(Checkout checkout, Instant now) throws ContractViolation {
        requireId(checkout.getEventId(), "event_id");
        requireId(checkout.getUserId(), "user_id");
        requireId(checkout.getSessionId(), "session_id");
        if (checkout.getItems().isEmpty()) {
            throw new ContractViolation(RejectReason.ITEMS_EMPTY, "items is empty");
        }
        BigDecimal itemTotal = BigDecimal.ZERO;
        for (int i = 0; i < checkout.getItems().size(); i++) {
            LineItem item = checkout.getItems().get(i);
            String path = "items[" + i + "].";
            requireId(item.getProductId(), path + "product_id");
            requireAmount(item.getUnitPrice(), path + "unit_price");
            if (item.getQuantity() < 1 || item.getQuantity() > policy.maxQuantity()) {
                throw new ContractViolation(RejectReason.QUANTITY_OUT_OF_RANGE,
                        path + "quantity " + item.getQuantity() + " is outside 1.." + policy.maxQuantity());
            }
            itemTotal = itemTotal.add(item.getUnitPrice().multiply(BigDecimal.valueOf(item.getQuantity())));
        }
        requireAmount(checkout.getTotalAmount(), "total_amount");
        if (itemTotal.compareTo(checkout.getTotalAmount()) != 0) {
            throw new ContractViolation(RejectReason.ITEM_TOTAL_MISMATCH,
                    "total_amount " + checkout.getTotalAmount().toPlainString()
                            + " != sum of items " + itemTotal.toPlainString());
        }
        if (!CURRENCY.matcher(checkout.getCurrency()).matches()) {
            throw new ContractViolation(RejectReason.INVALID_CURRENCY,
                    "currency '" + checkout.getCurrency() + "' is not a 3-letter upper-case code");
        }
        requireEventTime(checkout.getEventTs(), now);
        requireNoNul(checkout, "");
    }

    /**
     * Last check: a valid JSON string may hold U+0000 (escaped), but PostgreSQL text cannot, so such an
     * event would fail every write of the batch holding it (the streaming sink's COPY, the
     * reconciler's inserts) again on each retry. Rejected here, the record is kept as a dead letter.
     */
    private static void requireNoNul(IndexedRecord record, String path) throws ContractViolation {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value instanceof CharSequence text && text.toString().indexOf('\u0000') >= 0) {
                throw new ContractViolation(RejectReason.NUL_CHARACTER, path + field.name() + " contains U+0000");
            }
            if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof IndexedRecord element) {
                        requireNoNul(element, path + field.name() + "[" + i + "].");
                    }
                }
            }
        }
    }

    private static void requireId(String value, String field) throws ContractViolation {
        if (value.isBlank()) {
            throw new ContractViolation(RejectReason.EMPTY_ID, field + " is blank");
        }
    }

    private void requireAmount(BigDecimal amount, String field) throws ContractViolation {
        if (amount.signum() < 0) {
            throw new ContractViolation(RejectReason.NEGATIVE_AMOUNT, field + " is negative: " + amount.toPlainString());
        }
        if (amount.compareTo(policy.maxAmount()) > 0) {
            throw new ContractViolation(RejectReason.ABSURD_AMOUNT,
                    field + " " + amount.toPlainString() + " is above the maximum " + policy.maxAmount().toPlainString());
        }
    }

    private void requireEventTime(Instant eventTs, Instant now) throws ContractViolation {
        if (eventTs.isAfter(now.plus(policy.maxClockSkew()))) {
            throw new ContractViolation(RejectReason.EVENT_TIME_IN_FUTURE,
                    "event_ts " + eventTs + " is more than " + policy.maxClockSkew() + " after now " + now);
        }
        if (eventTs.isBefore(now.minus(policy.retention()))) {
            throw new ContractViolation(RejectReason.EVENT_TIME_BEFORE_RETENTION,
                    "event_ts " + eventTs + " is older than the retention of " + policy.retention());
        }
    }
}
