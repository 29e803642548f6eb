package com.clickstream.attribution.core.rules;

import com.clickstream.attribution.core.event.Click;
import java.util.Comparator;

/**
 * The one order on clicks that every rule uses: earlier {@code event_ts} first; at the same
 * millisecond, the smaller {@code event_id} first.
 *
 * <p>Event ids are compared by Unicode code point ({@link #EVENT_ID}), which is the order of their
 * UTF-8 bytes. That is the order Spark uses for strings and PostgreSQL uses under
 * {@code COLLATE "C"}, so the stream, the SQL upsert and the batch break ties the same way. For ids
 * made of characters of the Basic Multilingual Plane (UUIDs, ASCII ids) it is the same as
 * {@link String#compareTo}.
 *
 * <p>Two records with the same {@code event_id} are copies of one event and count once. Should two
 * copies ever differ (no valid producer does that), the order still decides between them, by the
 * fields an attribution carries (traffic source, campaign, device, product, category), so every rule
 * gives one answer whatever the input order. {@link #CLICKS} and {@link #ATTRIBUTED_CLICKS} are the
 * same order, one on raw clicks and one on their attributed projection.
 */
public final class ClickOrder {

    /** Event ids by Unicode code point (= UTF-8 byte order). */
    public static final Comparator<String> EVENT_ID = ClickOrder::compareCodePoints;

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(EVENT_ID);

    /** Clicks: earliest {@code (event_ts, event_id)} first. */
    public static final Comparator<Click> CLICKS = Comparator
            .comparing(Click::getEventTs)
            .thenComparing(Click::getEventId, EVENT_ID)
            .thenComparing(Click::getTrafficSource, NULLS_FIRST)
            .thenComparing(Click::getCampaignId, NULLS_FIRST)
            .thenComparing(Click::getDeviceType, NULLS_FIRST)
            .thenComparing(Click::getProductId, NULLS_FIRST)
            .thenComparing(Click::getProductCategory, NULLS_FIRST);

    /** Attributed clicks: earliest {@code (click_ts, click_id)} first; the same order as {@link #CLICKS}. */
    public static final Comparator<AttributedClick> ATTRIBUTED_CLICKS = Comparator
            .comparing(AttributedClick::clickTs)
            .thenComparing(AttributedClick::clickId, EVENT_ID)
            .thenComparing(AttributedClick::trafficSource, NULLS_FIRST)
            .thenComparing(AttributedClick::campaignId, NULLS_FIRST)
            .thenComparing(AttributedClick::deviceType, NULLS_FIRST)
            .thenComparing(AttributedClick::productId, NULLS_FIRST)
            .thenComparing(AttributedClick::productCategory, NULLS_FIRST);

    private ClickOrder() {
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int cpA = a.codePointAt(i);
            int cpB = b.codePointAt(j);
            if (cpA != cpB) {
                return Integer.compare(cpA, cpB);
            }
            i += Character.charCount(cpA);
            j += Character.charCount(cpB);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
