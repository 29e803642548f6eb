package com.clickstream.attribution.core.rules;

import java.util.Comparator;

/**
 * Which answer a checkout id keeps when a bad producer reused the id for checkouts of different users.
 *
 * <p>Valid producers never do this, but one such pair must neither fail the stream nor let the row
 * flip between users with arrival order. The stream keeps its state per user, so each user's copy
 * gets its own answer; the stored row belongs to the <b>owner</b>: the copy with the smallest
 * {@code (checkout_ts, revenue, currency, user_id)}, strings by code point. That is the batch
 * reconciler's {@code BucketEvents.CHECKOUT_COPIES} restricted to the columns the row keeps (copies
 * equal on these four give the same row), so the stream and the reconciler agree. The owner's answer is
 * first-click over the owner's own clicks; another user's clicks never reach it.
 *
 * <p>{@link #ANSWERS} is the whole order of the streaming upsert into
 * {@code ecommerce.attributed_checkouts AS t}: the stored row is the minimum of every answer
 * written for its id. The guard ({@code EXCLUDED} is the incoming row; see docs/attribution.md):
 * <pre>{@code
 * WHERE (EXCLUDED.checkout_ts, EXCLUDED.revenue, EXCLUDED.currency COLLATE "C", EXCLUDED.user_id COLLATE "C")
 *         < (t.checkout_ts, t.revenue, t.currency COLLATE "C", t.user_id COLLATE "C")
 *    OR ((EXCLUDED.checkout_ts, EXCLUDED.revenue, EXCLUDED.currency COLLATE "C", EXCLUDED.user_id COLLATE "C")
 *          = (t.checkout_ts, t.revenue, t.currency COLLATE "C", t.user_id COLLATE "C")
 *        AND EXCLUDED.attributed
 *        AND (NOT t.attributed
 *             OR (EXCLUDED.click_ts, EXCLUDED.attributed_click_id COLLATE "C")
 *                < (t.click_ts, t.attributed_click_id COLLATE "C")))
 * }</pre>
 * The first line is {@link #OWNER} (a smaller owner replaces the whole row, facts and click); the
 * rest is {@link FirstClickMerge}'s guard between answers of the same owner.
 */
public final class CheckoutOwner {

    /** Owner first: earliest checkout time, then smallest revenue, then currency and user by code point. */
    public static final Comparator<Attribution> OWNER = Comparator
            .comparing(Attribution::checkoutTs)
            .thenComparing(Attribution::revenue)
            .thenComparing(Attribution::currency, ClickOrder.EVENT_ID)
            .thenComparing(Attribution::userId, ClickOrder.EVENT_ID);

    /** The stored answer first: the owner's, and among the owner's answers the better one by {@link FirstClickMerge#ORDER}. */
    public static final Comparator<Attribution> ANSWERS = OWNER.thenComparing(FirstClickMerge.ORDER);

    private CheckoutOwner() {
    }

    /** True when {@code candidate} would replace {@code stored} in the upsert (strictly smaller in {@link #ANSWERS}). */
    public static boolean replaces(Attribution candidate, Attribution stored) {
        return ANSWERS.compare(candidate, stored) < 0;
    }
}
