package com.clickstream.attribution.core.contract;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** The outcome of parsing one wire record: a valid event, or a rejection with its reason. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Rejected {

    boolean isValid();

    /** A record that satisfies the contract. {@code event} is a {@link Click} or a {@link Checkout}. */
    record Valid(EventType type, SpecificRecord event) implements ParseResult {
        public Valid {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(event, "event");
        }

        @Override
        public boolean isValid() {
            return true;
        }

        public Click click() {
            return (Click) event;
        }

        public Checkout checkout() {
            return (Checkout) event;
        }

        public String eventId() {
            return type == EventType.CLICK ? click().getEventId() : checkout().getEventId();
        }

        public String userId() {
            return type == EventType.CLICK ? click().getUserId() : checkout().getUserId();
        }

        public Instant eventTs() {
            return type == EventType.CLICK ? click().getEventTs() : checkout().getEventTs();
        }
    }

    /**
     * A record that broke the contract; it is kept (dead letters), never dropped.
     *
     * @param reason the reason code
     * @param detail which field and what was wrong, for a human
     */
    record Rejected(RejectReason reason, String detail) implements ParseResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean isValid() {
            return false;
        }
    }
}
