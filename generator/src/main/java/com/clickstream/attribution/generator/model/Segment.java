package com.clickstream.attribution.generator.model;

import java.util.Locale;

/** Customer segment; it changes how likely a session converts, so segment queries show real differences. */
public enum Segment {
    NEW(0.8),
    RETURNING(1.3),
    VIP(2.0),
    DORMANT(0.5);

    private final double conversionFactor;

    Segment(double conversionFactor) {
        this.conversionFactor = conversionFactor;
    }

    public double conversionFactor() {
        return conversionFactor;
    }

    /** Value stored in PostgreSQL ({@code new}, {@code returning}, ...). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
