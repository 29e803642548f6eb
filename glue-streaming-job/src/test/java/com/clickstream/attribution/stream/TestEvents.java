package com.clickstream.attribution.stream;

import com.clickstream.attribution.core.contract.EventJson;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.event.LineItem;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Hand-built events for tests. Times are relative to {@link #T0}, a recent whole hour, because the
 * validator rejects event times older than its retention horizon (30 days) or in the future.
 */
public final class TestEvents {

    /** Two hours before the current hour: inside retention, never in the future. */
    public static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

    private TestEvents() {
    }

    public static Instant at(Duration offsetFromT0) {
        return T0.plus(offsetFromT0);
    }

    public static Instant minutes(long m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    public static Click click(String id, String user, Instant ts, String source) {
        return Click.newBuilder()
                .setEventId(id).setEventType("click").setUserId(user).setSessionId("s-" + user)
                .setProductId("p-1").setProductName("Product 1").setProductCategory("books")
                .setProductPrice(new BigDecimal("10.00")).setTrafficSource(source).setCampaignId(null)
                .setDeviceType("mobile").setPageUrl("https://shop.example/p-1").setEventTs(ts)
                .build();
    }

    public static Checkout checkout(String id, String user, Instant ts, String total) {
        BigDecimal amount = new BigDecimal(total);
        return Checkout.newBuilder()
                .setEventId(id).setEventType("checkout").setUserId(user).setSessionId("s-" + user)
                .setItems(List.of(LineItem.newBuilder().setProductId("p-1").setProductName("Product 1")
                        .setUnitPrice(amount).setQuantity(1).build()))
                .setTotalAmount(amount).setCurrency("USD").setPaymentMethod("card").setEventTs(ts)
                .build();
    }

    public static String json(org.apache.avro.generic.IndexedRecord event) {
        return EventJson.toJson(event);
    }
}
