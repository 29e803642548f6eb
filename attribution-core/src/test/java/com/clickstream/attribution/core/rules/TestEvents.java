package com.clickstream.attribution.core.rules;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.event.LineItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Hand-built events for rule tests: only the fields the rules read vary, the rest are fixed. */
public final class TestEvents {

    /** The checkout time of the worked examples. */
    public static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    private TestEvents() {
    }

    public static Click click(String eventId, String userId, Instant ts, String trafficSource) {
        return click(eventId, userId, ts, trafficSource, null, "desktop", "p-1", "shoes");
    }

    public static Click click(String eventId, String userId, Instant ts, String trafficSource, String campaignId,
                              String deviceType, String productId, String productCategory) {
        return Click.newBuilder()
                .setEventId(eventId)
                .setEventType("click")
                .setUserId(userId)
                .setSessionId("s-" + userId)
                .setProductId(productId)
                .setProductName("product " + productId)
                .setProductCategory(productCategory)
                .setProductPrice(new BigDecimal("19.99"))
                .setTrafficSource(trafficSource)
                .setCampaignId(campaignId)
                .setDeviceType(deviceType)
                .setPageUrl("https://shop.example/p/" + productId)
                .setEventTs(ts)
                .build();
    }

    public static Checkout checkout(String orderId, String userId, Instant ts, String totalAmount) {
        BigDecimal total = new BigDecimal(totalAmount);
        return Checkout.newBuilder()
                .setEventId(orderId)
                .setEventType("checkout")
                .setUserId(userId)
                .setSessionId("s-" + userId)
                .setItems(List.of(LineItem.newBuilder()
                        .setProductId("p-1")
                        .setProductName("product p-1")
                        .setUnitPrice(total)
                        .setQuantity(1)
                        .build()))
                .setTotalAmount(total)
                .setCurrency("USD")
                .setPaymentMethod("card")
                .setEventTs(ts)
                .build();
    }

    /** A checkout at {@link #T} for user {@code u1}, 100.00 USD. */
    public static Checkout checkoutAtT() {
        return checkout("o-1", "u1", T, "100.00");
    }
}
