package com.clickstream.attribution.bench.b3;

import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.generator.model.Catalog;
import com.clickstream.attribution.generator.model.Product;
import com.clickstream.attribution.generator.model.TrafficMix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Builds the B3 row set from a seed: the same seed and size give the same rows on every machine.
 * Values come from the generator's catalog and traffic mix (sources, campaigns, devices, products),
 * so ids, strings and their lengths look like what the pipeline writes; the shape obeys the table's
 * CHECKs (attributed rows carry every click column and click_ts lies within the attribution window
 * before checkout_ts; unattributed rows carry none).
 */
public final class CheckoutRowSetGenerator {

    /** Share of checkouts with a click in the window (the demo data's share is about this). */
    static final double ATTRIBUTED_SHARE = 0.87;
    /** Checkouts per user on average: the reconciler's chunk of 500 users then holds about 1,000 rows. */
    static final int CHECKOUTS_PER_USER = 2;
    static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    static final long SPAN_MILLIS = 30L * 24 * 3600 * 1000;
    private static final String CURRENCY = "USD";
    /** Time to purchase: log-normal with the generator's shape (median 8 min), cut at the window. */
    private static final double TIME_TO_PURCHASE_MEDIAN_S = 480;
    private static final double TIME_TO_PURCHASE_SIGMA = 1.2;

    private CheckoutRowSetGenerator() {
    }

    public static CheckoutRowSet generate(long seed, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be positive, was " + rows);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Catalog catalog = Catalog.standard();
        List<Product> products = catalog.products();
        Map<String, Integer> productIndex = new HashMap<>();
        String[] ids = new String[products.size()];
        String[] names = new String[products.size()];
        String[] categories = new String[products.size()];
        long[] cents = new long[products.size()];
        for (int p = 0; p < products.size(); p++) {
            Product product = products.get(p);
            productIndex.put(product.productId(), p);
            ids[p] = product.productId();
            names[p] = product.name();
            categories[p] = product.category();
            cents[p] = product.price().movePointRight(2).longValueExact();
        }
        List<String> sources = TrafficMix.SOURCES.values();
        List<String> devices = TrafficMix.DEVICES.values();
        // Map.of iterates in a per-JVM order: sort, so the dictionary is the same in every JVM
        List<String> campaigns = new ArrayList<>(new TreeSet<>(
                TrafficMix.CAMPAIGNS.values().stream().flatMap(List::stream).toList()));
        CheckoutRowSet.Dictionaries dict = new CheckoutRowSet.Dictionaries(ids, names, categories, cents,
                sources.toArray(String[]::new), campaigns.toArray(String[]::new), devices.toArray(String[]::new),
                CURRENCY);

        long windowMillis = AttributionWindow.DEFAULT_LENGTH.toMillis();
        int users = Math.max(1, rows / CHECKOUTS_PER_USER);
        double meanGapMillis = (double) SPAN_MILLIS / rows;
        long[] checkoutTs = new long[rows];
        int[] user = new int[rows];
        long[] revenue = new long[rows];
        byte[] source = new byte[rows];
        byte[] campaign = new byte[rows];
        byte[] device = new byte[rows];
        short[] firstProduct = new short[rows];
        long[] clickTs = new long[rows];
        long[] clickNo = new long[rows];
        int[] itemStart = new int[rows + 1];
        List<Short> itemProducts = new ArrayList<>(rows * 2);
        List<Byte> itemQuantities = new ArrayList<>(rows * 2);

        long ts = START.toEpochMilli();
        long clickCounter = 0;
        for (int i = 0; i < rows; i++) {
            ts += Math.round(-Math.log(1.0 - random.nextDouble()) * meanGapMillis);
            checkoutTs[i] = ts;
            user[i] = 1 + random.nextInt(users);
            clickCounter += 1 + random.nextInt(6); // a session's other clicks
            int clicked;
            if (random.nextDouble() < ATTRIBUTED_SHARE) {
                String src = TrafficMix.SOURCES.pick(random);
                List<String> srcCampaigns = TrafficMix.CAMPAIGNS.getOrDefault(src, List.of());
                String camp = !srcCampaigns.isEmpty() && random.nextDouble() < 0.8
                        ? srcCampaigns.get(random.nextInt(srcCampaigns.size())) : null;
                clicked = productIndex.get(catalog.pick(random).productId());
                source[i] = (byte) sources.indexOf(src);
                campaign[i] = (byte) (camp == null ? -1 : campaigns.indexOf(camp));
                device[i] = (byte) devices.indexOf(TrafficMix.DEVICES.pick(random));
                firstProduct[i] = (short) clicked;
                clickTs[i] = ts - Math.min(windowMillis, timeToPurchaseMillis(random));
                clickNo[i] = clickCounter;
            } else {
                clicked = -1;
                source[i] = -1;
                campaign[i] = -1;
                device[i] = -1;
                firstProduct[i] = -1;
            }
            // one to three distinct products, the clicked one first
            itemStart[i] = itemProducts.size();
            List<Integer> basket = new ArrayList<>(3);
            basket.add(clicked >= 0 ? clicked : productIndex.get(catalog.pick(random).productId()));
            int extra = random.nextInt(3);
            for (int e = 0; e < extra; e++) {
                int p = productIndex.get(catalog.pick(random).productId());
                if (!basket.contains(p)) {
                    basket.add(p);
                }
            }
            long total = 0;
            for (int p : basket) {
                int quantity = 1 + (random.nextDouble() < 0.25 ? random.nextInt(3) : 0);
                itemProducts.add((short) p);
                itemQuantities.add((byte) quantity);
                total += cents[p] * quantity;
            }
            revenue[i] = total;
        }
        itemStart[rows] = itemProducts.size();
        short[] itemProduct = new short[itemProducts.size()];
        byte[] itemQuantity = new byte[itemQuantities.size()];
        for (int k = 0; k < itemProduct.length; k++) {
            itemProduct[k] = itemProducts.get(k);
            itemQuantity[k] = itemQuantities.get(k);
        }
        return new CheckoutRowSet("b3s" + seed, dict, checkoutTs, user, revenue, source, campaign, device,
                firstProduct, clickTs, clickNo, itemStart, itemProduct, itemQuantity);
    }

    private static long timeToPurchaseMillis(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        double z = Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return Math.max(1000, Math.round(1000 * TIME_TO_PURCHASE_MEDIAN_S * Math.exp(TIME_TO_PURCHASE_SIGMA * z)));
    }
}
