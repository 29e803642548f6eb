package com.clickstream.attribution.core.rules;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The clicks that may be credited for a checkout; every model, first-click and multi-touch, starts
 * from this list.
 *
 * <p>The rule: a click is a candidate for a checkout when it has the checkout's {@code user_id} and
 * its {@code event_ts} is inside the attribution window of the checkout's {@code event_ts} (see
 * {@link AttributionWindow#contains}). Candidates with the same {@code event_id} are one event and
 * count once. The candidates are returned in {@link ClickOrder#CLICKS} order: earliest
 * {@code (event_ts, event_id)} first. The result does not depend on the order, or on repeats, of
 * the input.
 */
public final class CandidateClicks {

    private CandidateClicks() {
    }

    /** The deduplicated candidates of {@code checkout} among {@code clicks}, earliest first. */
    public static List<Click> of(Checkout checkout, Collection<Click> clicks, AttributionWindow window) {
        Objects.requireNonNull(checkout, "checkout");
        Objects.requireNonNull(window, "window");
        Map<String, Click> byEventId = new HashMap<>();
        for (Click click : clicks) {
            if (click.getUserId().equals(checkout.getUserId())
                    && window.contains(click.getEventTs(), checkout.getEventTs())) {
                // One copy per event_id: the one that sorts first, so the pick never depends on input order.
                byEventId.merge(click.getEventId(), click,
                        (kept, other) -> ClickOrder.CLICKS.compare(other, kept) < 0 ? other : kept);
            }
        }
        List<Click> candidates = new ArrayList<>(byEventId.values());
        candidates.sort(ClickOrder.CLICKS);
        return List.copyOf(candidates);
    }
}
