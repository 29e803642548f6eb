package com.clickstream.attribution.stream.parse;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.stream.schema.AvroSparkSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The shape of a record after validation: either a typed event (the {@code click} or
 * {@code checkout} column, whose struct types are derived from the Avro contract) or a rejection
 * with its reason and the raw payload. Produced by {@link ParseRecords}.
 */
public final class ParsedRecords {

    /** Grouping key of the attribution state: the user id; for rejected records the partition key. */
    public static final String USER_KEY = "user_key";
    /** {@link #KIND_CLICK}, {@link #KIND_CHECKOUT} or {@link #KIND_REJECTED}. */
    public static final String KIND = "kind";
    /** The event time (null for rejected records); the watermark column. */
    public static final String EVENT_TS = "event_ts";
    public static final String CLICK = "click";
    public static final String CHECKOUT = "checkout";
    /** click or checkout when it could be read from a rejected record, else null. */
    public static final String EVENT_TYPE = "event_type";
    public static final String REASON_CODE = "reason_code";
    public static final String DETAIL = "detail";
    /** The raw record as UTF-8 text; only kept for rejected records. */
    public static final String PAYLOAD = "payload";
    public static final String STREAM_NAME = "stream_name";
    public static final String PARTITION_KEY = "partition_key";
    public static final String SEQUENCE_NUMBER = "sequence_number";

    public static final String KIND_CLICK = EventType.CLICK.wireName();
    public static final String KIND_CHECKOUT = EventType.CHECKOUT.wireName();
    public static final String KIND_REJECTED = "rejected";

    public static final StructType CLICK_TYPE = AvroSparkSchema.structOf(Click.getClassSchema());
    public static final StructType CHECKOUT_TYPE = AvroSparkSchema.structOf(Checkout.getClassSchema());

    public static final StructType SCHEMA = new StructType()
            .add(USER_KEY, DataTypes.StringType, false)
            .add(KIND, DataTypes.StringType, false)
            .add(EVENT_TS, DataTypes.TimestampType, true)
            .add(CLICK, CLICK_TYPE, true)
            .add(CHECKOUT, CHECKOUT_TYPE, true)
            .add(EVENT_TYPE, DataTypes.StringType, true)
            .add(REASON_CODE, DataTypes.StringType, true)
            .add(DETAIL, DataTypes.StringType, true)
            .add(PAYLOAD, DataTypes.StringType, true)
            .add(STREAM_NAME, DataTypes.StringType, true)
            .add(PARTITION_KEY, DataTypes.StringType, true)
            .add(SEQUENCE_NUMBER, DataTypes.StringType, true);

    private ParsedRecords() {
    }
}
