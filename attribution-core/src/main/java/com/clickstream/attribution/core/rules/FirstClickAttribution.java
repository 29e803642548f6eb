package com.clickstream.attribution.core.rules;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.util.Collection;
import java.util.List;

/**
 * First-click attribution: credits a checkout to the user's first click inside the window.
 *
 * <p>The rule, in sentences:
 * <ol>
 *   <li>The candidates of a checkout are the clicks of the same user whose time is at most {@code W}
 *       before the checkout and not after it; both ends are inclusive ({@link CandidateClicks}).</li>
 *   <li>Copies of a click (same {@code event_id}) count once.</li>
 *   <li>The first click is the candidate with the smallest {@code (event_ts, event_id)}: at the same
 *       millisecond the smaller {@code event_id} wins ({@link ClickOrder}), so the answer is
 *       deterministic.</li>
 *   <li>With no candidate the checkout is unattributed (traffic source
 *       {@value Attribution#UNATTRIBUTED}); it is never dropped.</li>
 * </ol>
 *
 * <p>Because the first click is a minimum, answers computed from parts of the clicks combine with
 * {@link FirstClickMerge} into the answer over all of them, in any order.
 */
public final class FirstClickAttribution {

    private FirstClickAttribution() {
    }

    /** The first-click answer for {@code checkout} given {@code clicks} (any users, any order, repeats allowed). */
    public static Attribution attribute(Checkout checkout, Collection<Click> clicks, AttributionWindow window) {
        List<Click> candidates = CandidateClicks.of(checkout, clicks, window);
        return candidates.isEmpty()
                ? Attribution.unattributed(checkout)
                : Attribution.attributedTo(checkout, candidates.get(0));
    }
}
