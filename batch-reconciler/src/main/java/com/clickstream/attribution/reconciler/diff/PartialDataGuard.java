package com.clickstream.attribution.reconciler.diff;

import com.clickstream.attribution.core.rules.FirstClickMerge;
import java.util.Optional;

/**
 * What a run may change when it could not read every raw object of its range (a skipped object).
 *
 * <p>First-click is a minimum over the user's clicks, so an answer computed from PART of the clicks can
 * only be later than (or as early as) the true one. A correction that moves a stored answer to an
 * earlier click, or attributes an unattributed row, or inserts a checkout the table lacks, is therefore
 * right whatever the skipped object held: it is applied. Every other correction — a later click,
 * attributed to unattributed, different checkout facts — may be an artefact of the missing object: it is
 * withheld (not written, no ledger row) and counted by {@link WithheldKind}. A complete run withholds
 * nothing.
 */
public final class PartialDataGuard {

    private PartialDataGuard() {
    }

    /** Why {@code correction} must be withheld by a run with skipped raw objects; empty when it is safe. */
    public static Optional<WithheldKind> withhold(Correction correction) {
        if (correction.before().isEmpty()) {
            return Optional.empty(); // a missing checkout: inserting it only adds
        }
        var before = correction.before().get().answer();
        var after = correction.after();
        if (!before.sameCheckoutAs(after)) {
            return Optional.of(WithheldKind.CHECKOUT_FACTS);
        }
        if (FirstClickMerge.isBetter(after, before)) {
            return Optional.empty(); // an earlier click, or attributed where the row was not
        }
        return Optional.of(after.attributed() ? WithheldKind.LATER_CLICK : WithheldKind.TO_UNATTRIBUTED);
    }
}
