package com.clickstream.attribution.report.chart;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** How the numbers of a series read: the table and the tooltips show exactly the SQL value, grouped. */
public enum ValueFormat {
    /** Money with two decimals, e.g. {@code 17,801.76}. */
    MONEY("#,##0.00"),
    /** Whole counts, e.g. {@code 1,204}. */
    COUNT("#,##0"),
    /** Fractional counts (credited checkouts), four decimals as stored. */
    SHARE("#,##0.0000"),
    /** A percentage with one decimal, e.g. {@code 98.5}. */
    PERCENT("#,##0.0");

    private final String pattern;

    ValueFormat(String pattern) {
        this.pattern = pattern;
    }

    public String format(BigDecimal value) {
        if (value == null) {
            return "–";
        }
        DecimalFormat f = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(value);
    }

    /** The value as a plain machine-readable number ({@code data-value}), e.g. {@code 17801.76}. */
    public static String plain(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }
}
