package com.clickstream.attribution.bench.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The values of one measurement over its runs, with the min / median / max every table reports. */
public record Stats(String unit, List<Double> runs) {

    public Stats {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a measurement needs at least one run");
        }
        runs = List.copyOf(runs);
    }

    public static Stats of(String unit, double... values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return new Stats(unit, list);
    }

    public double min() {
        return Collections.min(runs);
    }

    public double max() {
        return Collections.max(runs);
    }

    /** The middle value; for an even count the mean of the two middle values. */
    public double median() {
        List<Double> sorted = new ArrayList<>(runs);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Applies {@code f} to every run (e.g. seconds to events/s), keeping the run order. */
    public Stats map(String newUnit, java.util.function.DoubleUnaryOperator f) {
        List<Double> mapped = new ArrayList<>();
        runs.forEach(v -> mapped.add(f.applyAsDouble(v)));
        return new Stats(newUnit, mapped);
    }

    /** {@code median (min – max) unit}, or just the value for one run. */
    public String format() {
        if (runs.size() == 1) {
            return number(runs.get(0)) + " " + unit;
        }
        return number(median()) + " (" + number(min()) + " – " + number(max()) + ") " + unit;
    }

    /** Three significant figures for small values, thousands separators for large ones. */
    public static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    @Override
    public String toString() {
        return format();
    }
}
