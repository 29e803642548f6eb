package com.clickstream.attribution.core.contract;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The two event types of the wire contract. Each carries its Avro schema (generated from
 * {@code src/main/avro/*.avsc}, the one source of truth) and the logical stream it travels on.
 */
public enum EventType {
    CLICK("click", "clicks", Click.getClassSchema()),
    CHECKOUT("checkout", "checkouts", Checkout.getClassSchema());

    private final String wireName;
    private final String stream;
    private final Schema schema;

    EventType(String wireName, String stream, Schema schema) {
        this.wireName = wireName;
        this.stream = stream;
        this.schema = schema;
    }

    /** The value of the {@code event_type} field, also the raw S3 folder name. */
    public String wireName() {
        return wireName;
    }

    /** Logical stream name (Kinesis stream / Firehose delivery stream before deployment prefixes). */
    public String stream() {
        return stream;
    }

    public Schema schema() {
        return schema;
    }

    public static Optional<EventType> fromWireName(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst();
    }
}
