package com.clickstream.attribution.reconciler.support;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.event.LineItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Hand-built contract events for scenarios. */
public final class Events {

    private Events() {
    }

    public static Click click(String id, String user, Instant ts, String source) {
        return click(id, user, ts, source, "p-" + Math.floorMod(id.hashCode(), 5));
    }

    public static Click click(String id, String user, Instant ts, String source, String product) {
        return Click.newBuilder()
                .setEventId(id)
                .setEventType("click")
                .setUserId(user)
                .setSessionId("s-" + user)
                .setProductId(product)
                .setProductName("Product " + product)
                .setProductCategory("cat-" + product)
                .setProductPrice(new BigDecimal("9.99"))
                .setTrafficSource(source)
                .setCampaignId(source.equals("email") ? "camp-1" : null)
                .setDeviceType("mobile")
                .setPageUrl("https://shop.example/" + product)
                .setEventTs(ts)
                .build();
    }

    public static Checkout checkout(String id, String user, Instant ts, String amount) {
        BigDecimal total = new BigDecimal(amount);
        return Checkout.newBuilder()
                .setEventId(id)
                .setEventType("checkout")
                .setUserId(user)
                .setSessionId("s-" + user)
                .setItems(List.of(LineItem.newBuilder()
                        .setProductId("p-1").setProductName("Product p-1").setUnitPrice(total).setQuantity(1).build()))
                .setTotalAmount(total)
                .setCurrency("USD")
                .setPaymentMethod("card")
                .setEventTs(ts)
                .build();
    }
}
