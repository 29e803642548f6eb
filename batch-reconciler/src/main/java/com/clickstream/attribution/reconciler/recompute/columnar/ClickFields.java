package com.clickstream.attribution.reconciler.recompute.columnar;

import com.clickstream.attribution.core.event.Click;
import org.apache.avro.Schema;

/** Positions of the click contract's fields (its Avro schema), the column order of every columnar structure. */
final class ClickFields {

    static final Schema SCHEMA = Click.getClassSchema();
    static final int COUNT = SCHEMA.getFields().size();

    static final int EVENT_ID = pos("event_id");
    static final int EVENT_TYPE = pos("event_type");
    static final int USER_ID = pos("user_id");
    static final int SESSION_ID = pos("session_id");
    static final int PRODUCT_ID = pos("product_id");
    static final int PRODUCT_NAME = pos("product_name");
    static final int PRODUCT_CATEGORY = pos("product_category");
    static final int PRODUCT_PRICE = pos("product_price");
    static final int TRAFFIC_SOURCE = pos("traffic_source");
    static final int CAMPAIGN_ID = pos("campaign_id");
    static final int DEVICE_TYPE = pos("device_type");
    static final int PAGE_URL = pos("page_url");
    static final int EVENT_TS = pos("event_ts");

    /** The string fields, in schema order: the only other two are the price and the event time. */
    static final int[] STRINGS = strings();

    private ClickFields() {
    }

    static boolean isString(int field) {
        return field != PRODUCT_PRICE && field != EVENT_TS;
    }

    private static int pos(String name) {
        return SCHEMA.getField(name).pos();
    }

    private static int[] strings() {
        int[] strings = new int[COUNT - 2];
        int n = 0;
        for (int f = 0; f < COUNT; f++) {
            if (isString(f)) {
                strings[n++] = f;
            }
        }
        return strings;
    }
}
