package com.clickstream.attribution.generator.traffic;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.event.LineItem;
import com.clickstream.attribution.generator.model.Catalog;
import com.clickstream.attribution.generator.model.Product;
import com.clickstream.attribution.generator.model.TrafficMix;
import com.clickstream.attribution.generator.model.User;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * Simulates one shopping session: a few clicks from one traffic source on one device, then maybe a
 * checkout of (mostly) clicked products after a realistic time to purchase, and sometimes a click
 * after buying. The chance to convert depends on source, device and customer segment.
 */
final class SessionSimulator {

    /** Median time from the last click to the checkout: 8 minutes, log-normal, a few percent beyond an hour. */
    private static final double TIME_TO_PURCHASE_MEDIAN_S = 480;
    private static final double TIME_TO_PURCHASE_SIGMA = 1.2;
    private static final long TIME_TO_PURCHASE_CAP_S = 3 * 3600;

    private final Catalog catalog;
    private final GeneratorConfig config;
    private final String idPrefix;
    private long sessionCounter;
    private long clickCounter;
    private long orderCounter;

    SessionSimulator(Catalog catalog, GeneratorConfig config) {
        this.catalog = catalog;
        this.config = config;
        this.idPrefix = Long.toString(config.seed(), 36);
    }

    /** Average valid events per session (clicks + checkouts), used to turn events/s into sessions/s. */
    static double meanEventsPerSession() {
        return 2.3;
    }

    List<SpecificRecord> session(User user, Instant start, SplittableRandom random) {
        List<SpecificRecord> events = new ArrayList<>();
        String sessionId = "s-" + idPrefix + "-" + (++sessionCounter);
        String device = random.nextDouble() < 0.7 ? user.preferredDevice() : TrafficMix.DEVICES.pick(random);
        if (random.nextDouble() < config.noClickBuyerFraction()) {
            events.add(checkout(user, sessionId, start, List.of(catalog.pick(random)), random));
            return events;
        }
        String source = TrafficMix.SOURCES.pick(random);
        List<String> campaigns = TrafficMix.CAMPAIGNS.getOrDefault(source, List.of());
        String campaign = !campaigns.isEmpty() && random.nextDouble() < 0.8
                ? campaigns.get(random.nextInt(campaigns.size())) : null;

        int clicks = 1;
        while (clicks < 6 && random.nextDouble() < 0.5) {
            clicks++;
        }
        List<Product> viewed = new ArrayList<>();
        Instant t = start;
        for (int i = 0; i < clicks; i++) {
            Product product = viewed.isEmpty() || random.nextDouble() < 0.5
                    ? catalog.pick(random)
                    : sameCategory(viewed.get(viewed.size() - 1), random);
            viewed.add(product);
            events.add(click(user, sessionId, source, campaign, device, product, t));
            t = t.plusSeconds(5 + random.nextInt(175));
        }

        double conversion = TrafficMix.CONVERSION.get(source) * TrafficMix.DEVICE_FACTOR.get(device)
                * user.segment().conversionFactor();
        if (random.nextDouble() < conversion) {
            Instant lastClick = ((Click) events.get(events.size() - 1)).getEventTs();
            Instant checkoutTs = lastClick.plus(timeToPurchase(random));
            events.add(checkout(user, sessionId, checkoutTs, basket(viewed, random), random));
            if (random.nextDouble() < config.clickAfterCheckoutFraction()) {
                Instant after = checkoutTs.plusSeconds(60 + random.nextInt(20 * 60));
                events.add(click(user, sessionId, source, campaign, device, catalog.pick(random), after));
            }
        }
        return events;
    }

    private Product sameCategory(Product previous, SplittableRandom random) {
        List<Product> candidates = catalog.inCategory(previous.category());
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static Duration timeToPurchase(SplittableRandom random) {
        double z = gaussian(random);
        long seconds = Math.round(TIME_TO_PURCHASE_MEDIAN_S * Math.exp(TIME_TO_PURCHASE_SIGMA * z));
        return Duration.ofSeconds(Math.max(1, Math.min(seconds, TIME_TO_PURCHASE_CAP_S)));
    }

    /** Box-Muller on the seeded generator (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** One to three distinct products, at least one of them clicked. */
    private List<Product> basket(List<Product> viewed, SplittableRandom random) {
        List<Product> basket = new ArrayList<>();
        basket.add(viewed.get(random.nextInt(viewed.size())));
        int extra = random.nextInt(3);
        for (int i = 0; i < extra; i++) {
            Product p = random.nextBoolean() ? viewed.get(random.nextInt(viewed.size())) : catalog.pick(random);
            if (!basket.contains(p)) {
                basket.add(p);
            }
        }
        return basket;
    }

    private Click click(User user, String sessionId, String source, String campaign, String device,
                        Product product, Instant ts) {
        return Click.newBuilder()
                .setEventId("clk-" + idPrefix + "-" + (++clickCounter))
                .setEventType(EventType.CLICK.wireName())
                .setUserId(user.userId())
                .setSessionId(sessionId)
                .setProductId(product.productId())
                .setProductName(product.name())
                .setProductCategory(product.category())
                .setProductPrice(product.price())
                .setTrafficSource(source)
                .setCampaignId(campaign)
                .setDeviceType(device)
                .setPageUrl("https://shop.example/p/" + product.productId()
                        + (campaign == null ? "" : "?utm_source=" + source + "&utm_campaign=" + campaign))
                .setEventTs(ts)
                .build();
    }

    private Checkout checkout(User user, String sessionId, Instant ts, List<Product> products,
                              SplittableRandom random) {
        List<LineItem> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Product p : products) {
            int quantity = 1 + (random.nextDouble() < 0.25 ? random.nextInt(3) : 0);
            items.add(new LineItem(p.productId(), p.name(), p.price(), quantity));
            total = total.add(p.price().multiply(BigDecimal.valueOf(quantity)));
        }
        return Checkout.newBuilder()
                .setEventId("ord-" + idPrefix + "-" + (++orderCounter))
                .setEventType(EventType.CHECKOUT.wireName())
                .setUserId(user.userId())
                .setSessionId(sessionId)
                .setItems(items)
                .setTotalAmount(total)
                .setCurrency("USD")
                .setPaymentMethod(TrafficMix.PAYMENT_METHODS.pick(random))
                .setEventTs(ts)
                .build();
    }
}
