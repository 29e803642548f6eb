package com.clickstream.attribution.stream.attribution;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.stream.parse.ParsedRecords;
import com.clickstream.attribution.stream.schema.AvroRows;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows the attribution operator emits, one schema for three kinds, so that one micro-batch
 * carries everything its single sink transaction writes:
 * <ul>
 *   <li>{@link #KIND_ANSWER}: a checkout's current best answer (and, the first time, its items);</li>
 *   <li>{@link #KIND_COUNTS}: per user and batch, records read, late-dropped and duplicates;</li>
 *   <li>{@link #KIND_REJECTED}: a record that failed validation (a dead letter).</li>
 * </ul>
 * Money and item types are taken from the derived checkout struct, not restated.
 */
public final class OutputRows {

    public static final String KIND = "kind";
    public static final String KIND_ANSWER = "answer";
    public static final String KIND_COUNTS = "counts";
    public static final String KIND_REJECTED = "rejected";

    public static final String CHECKOUT_ID = "checkout_id";
    public static final String USER_ID = "user_id";
    public static final String CHECKOUT_TS = "checkout_ts";
    public static final String REVENUE = "revenue";
    public static final String CURRENCY = "currency";
    public static final String ATTRIBUTED = "attributed";
    public static final String CLICK_ID = "click_id";
    public static final String CLICK_TS = "click_ts";
    public static final String TRAFFIC_SOURCE = "traffic_source";
    public static final String CAMPAIGN_ID = "campaign_id";
    public static final String DEVICE_TYPE = "device_type";
    public static final String PRODUCT_ID = "product_id";
    public static final String PRODUCT_CATEGORY = "product_category";
    /** True on the first answer for a checkout; then {@link #ITEMS} holds its line items. */
    public static final String FIRST_WRITE = "first_write";
    public static final String ITEMS = "items";
    public static final String EVENTS_IN = "events_in";
    public static final String LATE_DROPPED = "late_dropped";
    public static final String DUPLICATES = "duplicates";

    public static final StructType SCHEMA = new StructType()
            .add(KIND, DataTypes.StringType, false)
            .add(CHECKOUT_ID, DataTypes.StringType)
            .add(USER_ID, DataTypes.StringType)
            .add(CHECKOUT_TS, DataTypes.TimestampType)
            .add(REVENUE, ParsedRecords.CHECKOUT_TYPE.apply("total_amount").dataType())
            .add(CURRENCY, DataTypes.StringType)
            .add(ATTRIBUTED, DataTypes.BooleanType)
            .add(CLICK_ID, DataTypes.StringType)
            .add(CLICK_TS, DataTypes.TimestampType)
            .add(TRAFFIC_SOURCE, DataTypes.StringType)
            .add(CAMPAIGN_ID, DataTypes.StringType)
            .add(DEVICE_TYPE, DataTypes.StringType)
            .add(PRODUCT_ID, DataTypes.StringType)
            .add(PRODUCT_CATEGORY, DataTypes.StringType)
            .add(FIRST_WRITE, DataTypes.BooleanType)
            .add(ITEMS, ParsedRecords.CHECKOUT_TYPE.apply("items").dataType())
            .add(EVENTS_IN, DataTypes.LongType)
            .add(LATE_DROPPED, DataTypes.LongType)
            .add(DUPLICATES, DataTypes.LongType)
            .add(ParsedRecords.EVENT_TYPE, DataTypes.StringType)
            .add(ParsedRecords.REASON_CODE, DataTypes.StringType)
            .add(ParsedRecords.DETAIL, DataTypes.StringType)
            .add(ParsedRecords.PAYLOAD, DataTypes.StringType)
            .add(ParsedRecords.STREAM_NAME, DataTypes.StringType)
            .add(ParsedRecords.PARTITION_KEY, DataTypes.StringType)
            .add(ParsedRecords.SEQUENCE_NUMBER, DataTypes.StringType);

    private OutputRows() {
    }

    /** A checkout's answer; {@code newCheckout} (with items) only on its first answer. */
    public static Row answer(Attribution a, Checkout newCheckout) {
        Builder row = new Builder(KIND_ANSWER)
                .set(CHECKOUT_ID, a.checkoutId())
                .set(USER_ID, a.userId())
                .set(CHECKOUT_TS, Timestamp.from(a.checkoutTs()))
                .set(REVENUE, a.revenue())
                .set(CURRENCY, a.currency())
                .set(ATTRIBUTED, a.attributed())
                .set(TRAFFIC_SOURCE, a.trafficSource())
                .set(FIRST_WRITE, newCheckout != null);
        a.click().ifPresent(click -> row
                .set(CLICK_ID, click.clickId())
                .set(CLICK_TS, Timestamp.from(click.clickTs()))
                .set(CAMPAIGN_ID, click.campaignId())
                .set(DEVICE_TYPE, click.deviceType())
                .set(PRODUCT_ID, click.productId())
                .set(PRODUCT_CATEGORY, click.productCategory()));
        if (newCheckout != null) {
            row.set(ITEMS, AvroRows.toRow(newCheckout).get(ParsedRecords.CHECKOUT_TYPE.fieldIndex("items")));
        }
        return row.build();
    }

    /** Per user and batch: records seen (valid or not), late-dropped events, duplicate copies. */
    public static Row counts(long eventsIn, long lateDropped, long duplicates) {
        return new Builder(KIND_COUNTS)
                .set(EVENTS_IN, eventsIn)
                .set(LATE_DROPPED, lateDropped)
                .set(DUPLICATES, duplicates)
                .build();
    }

    /** A dead letter from a {@link ParsedRecords} row of kind rejected. */
    public static Row rejected(Row parsed) {
        Builder row = new Builder(KIND_REJECTED);
        for (String column : REJECTED_COLUMNS) {
            row.set(column, parsed.getAs(column));
        }
        return row.build();
    }

    /** The columns a dead letter copies from the parsed record, under the same names. */
    private static final List<String> REJECTED_COLUMNS = List.of(ParsedRecords.EVENT_TYPE, ParsedRecords.REASON_CODE,
            ParsedRecords.DETAIL, ParsedRecords.PAYLOAD, ParsedRecords.STREAM_NAME, ParsedRecords.PARTITION_KEY,
            ParsedRecords.SEQUENCE_NUMBER);

    /**
     * Fills a row of {@link #SCHEMA} by column name, so a column added to (or moved in) the schema
     * cannot shift another; an unknown name fails at once instead of writing the wrong column.
     */
    static final class Builder {
        private final Object[] values = new Object[SCHEMA.fields().length];

        Builder(String kind) {
            set(KIND, kind);
        }

        Builder set(String column, Object value) {
            values[SCHEMA.fieldIndex(column)] = value;
            return this;
        }

        Row build() {
            return new GenericRowWithSchema(values.clone(), SCHEMA);
        }
    }
}
