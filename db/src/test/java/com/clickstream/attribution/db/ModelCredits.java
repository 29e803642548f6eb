package com.clickstream.attribution.db;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.clickstream.attribution.db.SampleData.Checkout;
import com.clickstream.attribution.db.SampleData.Click;
import com.clickstream.attribution.db.SampleData.ModelCredit;

/**
 * Test-only stand-in for the reconciler's multi-touch credit, just enough to give
 * {@code rollup_daily_model_source} realistic rows: weights per model over a checkout's candidate
 * clicks, cents allocated so that each checkout's credits add up exactly to its revenue (largest
 * remainder), unattributed checkouts credited to 'unattributed' under every model.
 */
final class ModelCredits {

    private static final double TIME_DECAY_HALF_LIFE_SECONDS = 1800;

    private ModelCredits() {
    }

    static List<ModelCredit> rollup(List<Checkout> checkouts) {
        // (day, model, source) -> [revenue, checkouts]
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        for (Checkout checkout : checkouts) {
            for (String model : SampleData.MODELS) {
                List<String> sources = new ArrayList<>();
                double[] weights;
                if (checkout.attributed()) {
                    checkout.candidates().forEach(click -> sources.add(click.source()));
                    weights = weights(model, checkout);
                } else {
                    sources.add(SampleData.UNATTRIBUTED);
                    weights = new double[] {1};
                }
                long[] cents = allocate(checkout.revenue().movePointRight(2).longValueExact(), weights);
                double total = sum(weights);
                for (int i = 0; i < sources.size(); i++) {
                    String key = checkout.day() + "|" + model + "|" + sources.get(i);
                    BigDecimal[] acc = sums.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                    acc[0] = acc[0].add(BigDecimal.valueOf(cents[i], 2));
                    acc[1] = acc[1].add(BigDecimal.valueOf(weights[i] / total).setScale(4, RoundingMode.HALF_UP));
                }
            }
        }
        List<ModelCredit> rows = new ArrayList<>();
        sums.forEach((key, acc) -> {
            String[] parts = key.split("\\|");
            rows.add(new ModelCredit(java.time.LocalDate.parse(parts[0]), parts[1], parts[2], acc[0], acc[1]));
        });
        return rows;
    }

    private static double[] weights(String model, Checkout checkout) {
        List<Click> clicks = checkout.candidates();
        int n = clicks.size();
        double[] w = new double[n];
        switch (model) {
            case "first_click" -> w[0] = 1;
            case "last_click" -> w[n - 1] = 1;
            case "last_non_direct_click" -> {
                int last = n - 1;
                for (int i = n - 1; i >= 0; i--) {
                    if (!clicks.get(i).source().equals("direct")) {
                        last = i;
                        break;
                    }
                }
                w[last] = 1;
            }
            case "linear" -> java.util.Arrays.fill(w, 1);
            case "time_decay" -> {
                for (int i = 0; i < n; i++) {
                    double age = Duration.between(clicks.get(i).ts(), checkout.ts()).getSeconds();
                    w[i] = Math.pow(0.5, age / TIME_DECAY_HALF_LIFE_SECONDS);
                }
            }
            case "position_based" -> {
                if (n == 1) {
                    w[0] = 1;
                } else if (n == 2) {
                    w[0] = 0.5;
                    w[1] = 0.5;
                } else {
                    java.util.Arrays.fill(w, 0.2 / (n - 2));
                    w[0] = 0.4;
                    w[n - 1] = 0.4;
                }
            }
            default -> throw new IllegalArgumentException(model);
        }
        return w;
    }

    /** Splits {@code cents} in proportion to {@code weights}; the leftover cents go to the largest remainders. */
    private static long[] allocate(long cents, double[] weights) {
        double total = sum(weights);
        long[] out = new long[weights.length];
        double[] remainder = new double[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = cents * weights[i] / total;
            out[i] = (long) Math.floor(exact);
            remainder[i] = exact - out[i];
            given += out[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -remainder[i]).thenComparing(i -> i));
        for (int k = 0; given < cents; k++, given++) {
            out[order.get(k % order.size())]++;
        }
        return out;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
