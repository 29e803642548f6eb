package com.clickstream.attribution.report.chart;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Draws a {@link Chart} as inline SVG: grouped bars, stacked bars or a histogram, with a y axis of round
 * ticks, both axis labels, and a {@code <title>} tooltip on every bar naming its series, category and exact
 * value. Every bar is a {@code rect.mark} carrying {@code data-series}, {@code data-category} and
 * {@code data-value} (the plain SQL value), so tests can check the drawing against the table.
 *
 * <p>Coordinates are in a {@code viewBox}; the page's CSS scales the SVG to the screen's width (and lets a
 * wide chart scroll sideways on a phone rather than shrink its labels away).
 */
public final class SvgBarChart {

    private static final double HEIGHT = 340;
    private static final double MARGIN_LEFT = 78;
    private static final double MARGIN_RIGHT = 16;
    private static final double MARGIN_TOP = 14;
    private static final double MIN_PLOT_WIDTH = 360;

    private SvgBarChart() {
    }

    /** The SVG element of {@code chart}; call only for a chart that is not {@link Chart#isEmpty() empty}. */
    public static String render(Chart chart) {
        int n = chart.categories().size();
        int seriesCount = chart.series().size();
        double band = switch (chart.kind()) {
            case GROUPED_BARS -> Math.max(18, seriesCount * 12 + 14);
            case STACKED_BARS -> 40;
            case HISTOGRAM -> 24;
        };
        double plotWidth = Math.max(MIN_PLOT_WIDTH, n * band);
        boolean rotate = n > 6 || chart.categories().stream().anyMatch(c -> c.length() > 12) && n > 3;
        int longest = chart.categories().stream().mapToInt(String::length).max().orElse(1);
        double marginBottom = rotate ? 44 + Math.min(longest, 24) * 6.4 : 62;
        double width = MARGIN_LEFT + plotWidth + MARGIN_RIGHT;
        double height = HEIGHT + marginBottom;
        double plotHeight = HEIGHT - MARGIN_TOP;
        double baseline = MARGIN_TOP + plotHeight;

        double max = maxValue(chart);
        double[] ticks = ticks(max);
        double top = ticks[ticks.length - 1];
        StringBuilder svg = new StringBuilder(4096);
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" style=\"max-width:%.0fpx;min-width:%.0fpx\" role=\"img\" "
                        + "aria-label=\"%s\" xmlns=\"http://www.w3.org/2000/svg\">%n",
                // drawn at most 1.3x its own size (a chart of two days stays small on a wide screen), and at least
                // 85 % of it up to 640 units (on a phone a wide chart scrolls sideways inside its box instead of
                // shrinking its labels away)
                width, height, width * 1.3, Math.min(width, 640) * 0.85, Html.escape(chart.title())));
        // y grid and ticks
        for (double t : ticks) {
            double y = baseline - t / top * plotHeight;
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
                            + "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    MARGIN_LEFT, MARGIN_LEFT + plotWidth, y, y, MARGIN_LEFT - 6, y + 5, tickLabel(t)));
        }
        // bars
        double step = plotWidth / n;
        for (int i = 0; i < n; i++) {
            double x0 = MARGIN_LEFT + i * step;
            double stacked = 0;
            for (int j = 0; j < seriesCount; j++) {
                Series s = chart.series().get(j);
                BigDecimal value = s.values().get(i);
                if (value == null) {
                    continue;
                }
                double v = Math.max(0, value.doubleValue());
                double x;
                double w;
                double y;
                double h = v / top * plotHeight;
                switch (chart.kind()) {
                    case GROUPED_BARS -> {
                        double inner = step * 0.82;
                        w = inner / seriesCount;
                        x = x0 + (step - inner) / 2 + j * w;
                        y = baseline - h;
                    }
                    case STACKED_BARS -> {
                        w = step * 0.7;
                        x = x0 + (step - w) / 2;
                        y = baseline - (stacked + v) / top * plotHeight;
                        stacked += v;
                    }
                    default -> { // HISTOGRAM: bins touch
                        w = step - 1;
                        x = x0 + 0.5;
                        y = baseline - h;
                    }
                }
                String category = chart.categories().get(i);
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"mark\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" "
                                + "data-series=\"%s\" data-category=\"%s\" data-value=\"%s\">"
                                + "<title>%s · %s: %s</title></rect>%n",
                        x, y, Math.max(w, 0.5), h, Palette.color(s.name(), j), Html.escape(s.name()),
                        Html.escape(category), ValueFormat.plain(value), Html.escape(category), Html.escape(s.name()),
                        Html.escape(s.format().format(value))));
            }
        }
        // axes
        svg.append(String.format(Locale.ROOT,
                "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
                        + "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>%n",
                MARGIN_LEFT, MARGIN_LEFT + plotWidth, baseline, baseline, MARGIN_LEFT, MARGIN_LEFT, MARGIN_TOP, baseline));
        for (int i = 0; i < n; i++) {
            double cx = MARGIN_LEFT + (i + 0.5) * step;
            String label = Html.escape(shorten(chart.categories().get(i)));
            if (rotate) {
                svg.append(String.format(Locale.ROOT,
                        "<text class=\"cat\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" transform=\"rotate(-40 %.1f %.1f)\">%s</text>%n",
                        cx, baseline + 16, cx, baseline + 16, label));
            } else {
                svg.append(String.format(Locale.ROOT, "<text class=\"cat\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                        cx, baseline + 20, label));
            }
        }
        svg.append(String.format(Locale.ROOT,
                "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                MARGIN_LEFT + plotWidth / 2, height - 8, Html.escape(chart.categoryAxis())));
        svg.append(String.format(Locale.ROOT,
                "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\">%s</text>%n",
                16.0, MARGIN_TOP + plotHeight / 2, 16.0, MARGIN_TOP + plotHeight / 2, Html.escape(chart.valueAxis())));
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Largest bar (grouped, histogram) or stack (stacked) of the chart. */
    static double maxValue(Chart chart) {
        double max = 0;
        for (int i = 0; i < chart.categories().size(); i++) {
            double stack = 0;
            for (Series s : chart.series()) {
                double v = Math.max(0, s.valueOrZero(i).doubleValue());
                stack += v;
                max = Math.max(max, v);
            }
            if (chart.kind() == Chart.Kind.STACKED_BARS) {
                max = Math.max(max, stack);
            }
        }
        return max;
    }

    /** 0 and round steps (1, 2, 2.5 or 5 times a power of ten) up to at least {@code max}. */
    static double[] ticks(double max) {
        if (!(max > 0)) {
            return new double[] {0, 1};
        }
        double raw = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        int count = (int) Math.ceil(max / step - 1e-9);
        double[] ticks = new double[count + 1];
        for (int i = 0; i <= count; i++) {
            ticks[i] = i * step;
        }
        return ticks;
    }

    private static String tickLabel(double t) {
        if (t >= 1_000_000) {
            return trim(t / 1_000_000) + "M";
        }
        if (t >= 10_000) {
            return trim(t / 1_000) + "k";
        }
        return trim(t);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%,.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String shorten(String label) {
        return label.length() <= 24 ? label : label.substring(0, 23) + "…";
    }
}
