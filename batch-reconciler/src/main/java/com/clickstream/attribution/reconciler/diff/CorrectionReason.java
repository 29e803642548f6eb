package com.clickstream.attribution.reconciler.diff;

import java.util.Locale;

/**
 * Why the reconciler changed a checkout; the values of the ledger's {@code reason} CHECK constraint.
 * The rules that pick one are in {@link CorrectionReasons}.
 */
public enum CorrectionReason {
    /** The click that now wins arrived too late for the stream. */
    LATE_CLICK,
    /** The stream has no row for the checkout, and the checkout itself arrived too late for it. */
    LATE_CHECKOUT,
    /** The stream has no row, or a wrong one, for no reason the raw layout shows. */
    MISSED_BY_STREAM,
    /** The stream resolved copies of one event (same event_id, different content) differently. */
    DUPLICATE,
    /** The stored answer is impossible under the current rule: its click lies outside the window. */
    RULE_CHANGE;

    /** The value stored in {@code attribution_corrections.reason}. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
