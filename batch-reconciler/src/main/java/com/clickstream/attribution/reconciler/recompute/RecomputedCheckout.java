package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.core.rules.multitouch.Credit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reconciler's answer for one checkout of the range, with the evidence the correction reasons need:
 * one row of the curated dataset ({@code CuratedAttribution}) and its touch credits.
 *
 * @param answer        {@code FirstClickAttribution} over all raw clicks of the user
 * @param checkout      the checkout as staged (its line items are written with a checkout the stream missed)
 * @param creditedClick the credited click with its arrival evidence; empty when unattributed
 * @param credits       the checkout's credits under every multi-touch model ({@code MultiTouchAttribution})
 */
public record RecomputedCheckout(Attribution answer, Tracked<Checkout> checkout,
        Optional<Tracked<AttributedClick>> creditedClick, Map<AttributionModel, List<Credit>> credits) {

    public RecomputedCheckout {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(checkout, "checkout");
        Objects.requireNonNull(creditedClick, "creditedClick");
        credits = Map.copyOf(credits);
    }
}
