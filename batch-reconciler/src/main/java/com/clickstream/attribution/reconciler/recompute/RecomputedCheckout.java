package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import java.util.Objects;
import java.util.Optional;

/**
 * The reconciler's answer for one checkout of the range, with the evidence the correction reasons need.
 *
 * @param answer        {@code FirstClickAttribution} over all raw clicks of the user
 * @param checkout      the checkout as staged (its line items are written with a checkout the stream missed)
 * @param creditedClick the credited click with its arrival evidence; empty when unattributed
 */
public record RecomputedCheckout(Attribution answer, Tracked<Checkout> checkout, Optional<Tracked<Click>> creditedClick) {

    public RecomputedCheckout {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(checkout, "checkout");
        Objects.requireNonNull(creditedClick, "creditedClick");
    }
}
