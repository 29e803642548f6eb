package com.clickstream.attribution.generator.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The product catalog. It is the same on every run and every machine (a fixed seed, independent of
 * the traffic seed): product ids in events must always match the products dimension in PostgreSQL.
 */
public final class Catalog {

    /** Category -> (price range low, high, item nouns). */
    private static final Map<String, Object[]> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("electronics", new Object[] {25, 900, new String[] {"Headphones", "Tablet", "Speaker", "Monitor", "Camera"}});
        CATEGORIES.put("home", new Object[] {8, 250, new String[] {"Lamp", "Rug", "Vase", "Chair", "Shelf"}});
        CATEGORIES.put("fashion", new Object[] {12, 180, new String[] {"Jacket", "Sneakers", "Scarf", "Dress", "Belt"}});
        CATEGORIES.put("beauty", new Object[] {5, 90, new String[] {"Serum", "Lipstick", "Perfume", "Cream", "Palette"}});
        CATEGORIES.put("sports", new Object[] {10, 400, new String[] {"Racket", "Yoga mat", "Bike light", "Dumbbell", "Tent"}});
        CATEGORIES.put("books", new Object[] {6, 60, new String[] {"Novel", "Cookbook", "Atlas", "Biography", "Comic"}});
        CATEGORIES.put("toys", new Object[] {7, 120, new String[] {"Puzzle", "Robot kit", "Board game", "Doll", "Kite"}});
        CATEGORIES.put("grocery", new Object[] {2, 40, new String[] {"Coffee", "Olive oil", "Tea", "Chocolate", "Honey"}});
    }

    private static final long CATALOG_SEED = 20_261_125L;
    private static final String[] ADJECTIVES = {"Classic", "Pro", "Eco", "Mini", "Deluxe", "Smart", "Vintage", "Ultra"};
    public static final int PRODUCTS_PER_CATEGORY = 25;

    private static final Catalog STANDARD = build();

    private final List<Product> products;
    private final Map<String, List<Product>> byCategory;

    private Catalog(List<Product> products) {
        this.products = List.copyOf(products);
        Map<String, List<Product>> grouped = new LinkedHashMap<>();
        for (Product p : products) {
            grouped.computeIfAbsent(p.category(), k -> new ArrayList<>()).add(p);
        }
        this.byCategory = grouped;
    }

    public static Catalog standard() {
        return STANDARD;
    }

    private static Catalog build() {
        SplittableRandom random = new SplittableRandom(CATALOG_SEED);
        List<Product> products = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Object[]> c : CATEGORIES.entrySet()) {
            int low = (Integer) c.getValue()[0];
            int high = (Integer) c.getValue()[1];
            String[] nouns = (String[]) c.getValue()[2];
            for (int i = 0; i < PRODUCTS_PER_CATEGORY; i++) {
                n++;
                String name = ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + nouns[random.nextInt(nouns.length)];
                // Prices end in .99 or .49 or .00 like real shops; cents stay exact.
                int whole = low + random.nextInt(high - low + 1);
                String cents = new String[] {"99", "49", "00"}[random.nextInt(3)];
                BigDecimal price = new BigDecimal(whole + "." + cents).setScale(2, RoundingMode.UNNECESSARY);
                products.add(new Product(String.format("p-%04d", n), name, c.getKey(), price));
            }
        }
        return new Catalog(products);
    }

    public List<Product> products() {
        return products;
    }

    public List<String> categories() {
        return List.copyOf(byCategory.keySet());
    }

    public List<Product> inCategory(String category) {
        return byCategory.getOrDefault(category, List.of());
    }

    public Product pick(SplittableRandom random) {
        return products.get(random.nextInt(products.size()));
    }
}
