package com.clickstream.attribution.generator.traffic;

import java.util.Locale;

/** What a generated record is, for the run summary and for tests. */
public enum RecordKind {
    CLICK,
    CHECKOUT,
    /** A second copy of an earlier record, same bytes (a producer retry). */
    DUPLICATE,
    /** A record that breaks the contract on purpose, with a declared reject reason. */
    MALFORMED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
