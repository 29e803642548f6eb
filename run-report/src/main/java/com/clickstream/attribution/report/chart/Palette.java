package com.clickstream.attribution.report.chart;

import java.util.Map;

/**
 * Colours of the series. A traffic source, a model or a correction reason keeps its colour in every
 * chart of the report; other names take the categorical palette by position.
 */
public final class Palette {

    /** For names without a colour of their own: none of them is a named colour, so a new model or source stands out. */
    private static final String[] CATEGORICAL = {
        "#56B4E9", "#7F3C8D", "#11A579", "#3969AC", "#F2B701", "#E73F74", "#80BA5A", "#008695", "#CF1C90", "#4B4B8F"};

    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("google", "#4285F4"),
            Map.entry("facebook", "#3B5998"),
            Map.entry("instagram", "#C13584"),
            Map.entry("email", "#E69F00"),
            Map.entry("organic", "#009E73"),
            Map.entry("direct", "#7F7F7F"),
            Map.entry("affiliate", "#D55E00"),
            Map.entry("unattributed", "#C7C7C7"),
            Map.entry("unknown", "#C7C7C7"),
            // models
            Map.entry("first_click", "#0072B2"),
            Map.entry("last_click", "#D55E00"),
            Map.entry("linear", "#009E73"),
            Map.entry("time_decay", "#CC79A7"),
            Map.entry("position_based", "#E69F00"),
            // agreement
            Map.entry("stream right", "#009E73"),
            Map.entry("corrected", "#D55E00"));

    private Palette() {
    }

    /** The colour of series {@code name}, the {@code index}-th series of its chart. */
    public static String color(String name, int index) {
        String named = NAMED.get(name);
        return named != null ? named : CATEGORICAL[Math.floorMod(index, CATEGORICAL.length)];
    }
}
