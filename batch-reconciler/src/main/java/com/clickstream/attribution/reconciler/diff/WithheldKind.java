package com.clickstream.attribution.reconciler.diff;

import java.util.Locale;

/**
 * Why a correction was withheld by a run that read only part of the raw data ({@link PartialDataGuard}):
 * what the correction would have done to a stored answer.
 */
public enum WithheldKind {
    /** It would have credited a later click than the stored one (the stored click may sit in a skipped object). */
    LATER_CLICK,
    /** It would have made an attributed row unattributed. */
    TO_UNATTRIBUTED,
    /** It would have changed the checkout's facts (user, time, revenue, currency): the winning copy may be unread. */
    CHECKOUT_FACTS;

    /** The key in the run summary and the manifest. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
