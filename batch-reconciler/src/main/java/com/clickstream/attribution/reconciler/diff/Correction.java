package com.clickstream.attribution.reconciler.diff;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.rules.Attribution;
import java.util.Objects;
import java.util.Optional;

/**
 * One change the reconciler makes: the row before (empty when the stream never wrote the checkout),
 * the row after, and why. Becomes one row change plus exactly one ledger row.
 *
 * @param before   the stored row, empty when missing
 * @param after    the recomputed answer
 * @param checkout the checkout event (its line items are inserted with a missing checkout)
 * @param reason   why
 */
public record Correction(Optional<StoredAttribution> before, Attribution after, Checkout checkout, CorrectionReason reason) {

    public Correction {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(checkout, "checkout");
        Objects.requireNonNull(reason, "reason");
    }

    public String checkoutId() {
        return after.checkoutId();
    }

    public boolean inserts() {
        return before.isEmpty();
    }
}
