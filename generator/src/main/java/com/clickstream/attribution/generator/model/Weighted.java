package com.clickstream.attribution.generator.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Picks values with fixed relative weights; iteration order is the insertion order, so picks are reproducible. */
public final class Weighted<T> {
    private final List<T> values = new ArrayList<>();
    private final double[] cumulative;

    public Weighted(Map<T, Double> weights) {
        cumulative = new double[weights.size()];
        double total = 0;
        int i = 0;
        for (Map.Entry<T, Double> e : weights.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("negative weight for " + e.getKey());
            }
            total += e.getValue();
            values.add(e.getKey());
            cumulative[i++] = total;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
    }

    /** {@code Weighted.of("a", 0.7, "b", 0.3)}: value/weight pairs, in this order. */
    @SuppressWarnings("unchecked")
    public static <T> Weighted<T> of(Object... pairs) {
        Map<T, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((T) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return new Weighted<>(map);
    }

    public T pick(SplittableRandom random) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (x < cumulative[i]) {
                return values.get(i);
            }
        }
        return values.get(values.size() - 1);
    }

    public List<T> values() {
        return List.copyOf(values);
    }
}
