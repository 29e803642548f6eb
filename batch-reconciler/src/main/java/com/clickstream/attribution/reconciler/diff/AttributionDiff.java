package com.clickstream.attribution.reconciler.diff;

import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares a recomputed answer with the stored row. Equal means every stored fact equals the answer:
 * checkout facts (user, time, revenue, currency) and the whole credited click (id, time, source,
 * campaign, device, product, category). Anything else is a correction; an equal row is left alone, so a
 * second run writes nothing.
 */
public final class AttributionDiff {

    private final CorrectionReasons reasons;

    public AttributionDiff(CorrectionReasons reasons) {
        this.reasons = Objects.requireNonNull(reasons, "reasons");
    }

    /** The correction to make, or empty when the stored row already is the answer. */
    public Optional<Correction> diff(Optional<StoredAttribution> stored, RecomputedCheckout recomputed) {
        if (stored.isPresent() && stored.get().answer().equals(recomputed.answer())) {
            return Optional.empty();
        }
        return Optional.of(new Correction(stored, recomputed.answer(), recomputed.checkout().event(),
                reasons.classify(stored, recomputed)));
    }
}
