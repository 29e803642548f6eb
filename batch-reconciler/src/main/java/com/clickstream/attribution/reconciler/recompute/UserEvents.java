package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.util.List;

/**
 * All staged, deduplicated events of one user: the unit the recompute works on (first-click only
 * ever looks at one user's clicks).
 *
 * @param userId    the user
 * @param clicks    the user's distinct click records (differing copies of one event_id included),
 *                  earliest {@code (event_ts, event_id)} first ({@code ClickOrder.CLICKS})
 * @param checkouts the user's checkouts, by {@code (event_ts, event_id)}
 */
public record UserEvents(String userId, List<Tracked<Click>> clicks, List<Tracked<Checkout>> checkouts) {

    public UserEvents {
        clicks = List.copyOf(clicks);
        checkouts = List.copyOf(checkouts);
    }
}
