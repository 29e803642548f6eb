package com.clickstream.attribution.core.contract;

import java.util.Locale;

/**
 * Why a record was rejected. The {@link #code()} is what dead letters, metrics and reports carry;
 * it is part of the public contract, so codes are only ever added, never renamed.
 */
public enum RejectReason {
    RECORD_TOO_LARGE("the record is larger than the configured maximum"),
    NOT_JSON("the record is not valid JSON (or has trailing garbage)"),
    NOT_AN_OBJECT("the JSON is not an object"),
    UNKNOWN_EVENT_TYPE("event_type is missing or is neither 'click' nor 'checkout'"),
    WRONG_STREAM("the event type does not belong on the stream it arrived on"),
    MISSING_FIELD("a required field is missing or null"),
    WRONG_TYPE("a field has the wrong JSON type"),
    EMPTY_ID("an identifier (event, user, session, product) is blank"),
    NEGATIVE_AMOUNT("a price or total is negative"),
    ABSURD_AMOUNT("a price or total is above the configured maximum"),
    AMOUNT_PRECISION("an amount has more than 2 decimal places"),
    ITEMS_EMPTY("a checkout has no items"),
    QUANTITY_OUT_OF_RANGE("an item quantity is below 1 or above the configured maximum"),
    ITEM_TOTAL_MISMATCH("total_amount differs from the sum of unit_price * quantity"),
    INVALID_CURRENCY("currency is not a 3-letter upper-case ISO 4217 code"),
    UNKNOWN_DEVICE_TYPE("device_type is not desktop, mobile or tablet"),
    EVENT_TIME_IN_FUTURE("event_ts is further in the future than the allowed clock skew"),
    EVENT_TIME_BEFORE_RETENTION("event_ts is older than the retention horizon"),
    NUL_CHARACTER("a string field contains U+0000 (NUL), which the store (PostgreSQL text) cannot hold");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    /** Stable lower-case code, e.g. {@code item_total_mismatch}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }
}
