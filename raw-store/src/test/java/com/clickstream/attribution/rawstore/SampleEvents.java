package com.clickstream.attribution.rawstore;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.event.LineItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-built events covering the edges of the contract types (extreme decimals, null campaign, many items). */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static Click click(int i, String campaignOrNull, String price, long eventTsMillis) {
        return Click.newBuilder()
                .setEventId("c-" + i)
                .setEventType("click")
                .setUserId("u-" + (i % 7))
                .setSessionId("s-" + i)
                .setProductId("p-" + (i % 13))
                .setProductName("Product ü " + i)
                .setProductCategory("cat-" + (i % 3))
                .setProductPrice(new BigDecimal(price))
                .setTrafficSource("google")
                .setCampaignId(campaignOrNull)
                .setDeviceType("mobile")
                .setPageUrl("https://shop.example/p/" + i)
                .setEventTs(Instant.ofEpochMilli(eventTsMillis))
                .build();
    }

    /** Clicks with: null and set campaign, the largest and smallest decimal(10,2), epoch 0 and millisecond precision. */
    public static List<Click> clicks() {
        List<Click> clicks = new ArrayList<>();
        clicks.add(click(1, null, "0.00", 0L));
        clicks.add(click(2, "spring-sale", "99999999.99", 1_764_000_000_123L));
        clicks.add(click(3, "", "0.01", 1_764_000_000_001L));
        clicks.add(click(4, null, "19.90", 4_102_444_800_999L));
        for (int i = 5; i < 50; i++) {
            clicks.add(click(i, i % 2 == 0 ? null : "cmp-" + i, i + "." + (i % 10) + "5", 1_764_000_000_000L + i * 997L));
        }
        return clicks;
    }

    public static LineItem item(String product, String unitPrice, int quantity) {
        return LineItem.newBuilder().setProductId(product).setProductName("name of " + product)
                .setUnitPrice(new BigDecimal(unitPrice)).setQuantity(quantity).build();
    }

    public static Checkout checkout(int i, List<LineItem> items, String total, long eventTsMillis) {
        return Checkout.newBuilder()
                .setEventId("o-" + i)
                .setEventType("checkout")
                .setUserId("u-" + (i % 7))
                .setSessionId("s-" + i)
                .setItems(items)
                .setTotalAmount(new BigDecimal(total))
                .setCurrency("EUR")
                .setPaymentMethod("card")
                .setEventTs(Instant.ofEpochMilli(eventTsMillis))
                .build();
    }

    /** Checkouts with one and many items and the largest decimal(12,2) total. */
    public static List<Checkout> checkouts() {
        List<Checkout> checkouts = new ArrayList<>();
        checkouts.add(checkout(1, List.of(item("p-1", "0.01", 1)), "0.01", 1_764_000_000_000L));
        checkouts.add(checkout(2, List.of(item("p-2", "99999999.99", 100)), "9999999999.00", 1_764_000_000_777L));
        checkouts.add(checkout(3, List.of(item("p-3", "10.00", 2), item("p-4", "0.50", 3), item("p-5", "1.99", 1)),
                "23.49", 1_764_000_001_000L));
        for (int i = 4; i < 30; i++) {
            checkouts.add(checkout(i, List.of(item("p-" + i, i + ".25", i % 4 + 1)),
                    new BigDecimal(i + ".25").multiply(BigDecimal.valueOf(i % 4 + 1)).toPlainString(),
                    1_764_000_000_000L + i * 1_003L));
        }
        return checkouts;
    }
}
