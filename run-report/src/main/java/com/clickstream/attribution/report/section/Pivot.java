package com.clickstream.attribution.report.section;

import com.clickstream.attribution.report.chart.Series;
import com.clickstream.attribution.report.chart.ValueFormat;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code (category, series, value)} rows into one {@link Series} per series name, one value per
 * category (null where a category has no row for the series).
 */
public final class Pivot {

    private final Set<String> categories = new LinkedHashSet<>();
    private final Set<String> seriesNames = new LinkedHashSet<>();
    private final Map<String, Map<String, BigDecimal>> values = new HashMap<>();

    /** Adds one cell (adds up when the same cell comes twice). */
    public Pivot add(String category, String series, BigDecimal value) {
        categories.add(category);
        seriesNames.add(series);
        values.computeIfAbsent(series, k -> new HashMap<>()).merge(category, value, BigDecimal::add);
        return this;
    }

    /** The categories in first-seen order. */
    public List<String> categories() {
        return List.copyOf(categories);
    }

    /** The series names in first-seen order. */
    public List<String> seriesNames() {
        return List.copyOf(seriesNames);
    }

    /** The categories ordered by their total over all series, largest first; names in {@code last} go last. */
    public List<String> categoriesByTotal(Set<String> last) {
        Map<String, BigDecimal> totals = new HashMap<>();
        values.values().forEach(m -> m.forEach((k, v) -> totals.merge(k, v, BigDecimal::add)));
        return byTotal(categories, totals, last);
    }

    /** The series names ordered by their total over all categories, largest first; names in {@code last} go last. */
    public List<String> seriesByTotal(Set<String> last) {
        Map<String, BigDecimal> totals = new HashMap<>();
        values.forEach((series, m) -> m.values().forEach(v -> totals.merge(series, v, BigDecimal::add)));
        return byTotal(seriesNames, totals, last);
    }

    private static List<String> byTotal(Set<String> names, Map<String, BigDecimal> totals, Set<String> last) {
        List<String> ordered = new ArrayList<>(names);
        ordered.sort(Comparator.<String, Boolean>comparing(last::contains)
                .thenComparing(Comparator.comparing((String k) -> totals.getOrDefault(k, BigDecimal.ZERO)).reversed())
                .thenComparing(Comparator.naturalOrder()));
        return ordered;
    }

    /** The series named {@code name} over {@code categoryOrder}. */
    public Series series(String name, List<String> categoryOrder, ValueFormat format) {
        Map<String, BigDecimal> byCategory = values.getOrDefault(name, Map.of());
        List<BigDecimal> v = new ArrayList<>(categoryOrder.size());
        for (String category : categoryOrder) {
            v.add(byCategory.get(category));
        }
        return new Series(name, v, format);
    }

    /** Every series, in {@code seriesOrder}, over {@code categoryOrder}. */
    public List<Series> series(List<String> seriesOrder, List<String> categoryOrder, ValueFormat format) {
        List<Series> out = new ArrayList<>();
        for (String name : seriesOrder) {
            out.add(series(name, categoryOrder, format));
        }
        return out;
    }
}
