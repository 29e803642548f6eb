package com.clickstream.attribution.core.rules;

import java.util.Comparator;
import java.util.Objects;

/**
 * Combines two first-click answers for the same checkout into one, the way the streaming upsert and
 * the reconciler do.
 *
 * <p>The rule: an attributed answer beats an unattributed one; between two attributed answers the
 * one whose click has the smaller {@code (click_ts, click_id)} wins ({@link ClickOrder}). The merge
 * is therefore the minimum under {@link #ORDER}, which makes it commutative, associative and
 * idempotent: replaying, reordering or repeating answers never changes the result, and merging the
 * answers for single clicks gives the same answer as {@link FirstClickAttribution} over all of them.
 *
 * <p>The equivalent guard of the SQL upsert into {@code ecommerce.attributed_checkouts AS t}
 * ({@code EXCLUDED} is the incoming row; see docs/attribution.md):
 * <pre>{@code
 * WHERE EXCLUDED.attributed
 *   AND (NOT t.attributed
 *        OR (EXCLUDED.click_ts, EXCLUDED.attributed_click_id COLLATE "C")
 *           < (t.click_ts, t.attributed_click_id COLLATE "C"))
 * }</pre>
 * {@code COLLATE "C"} makes PostgreSQL compare ids by UTF-8 bytes, the order of
 * {@link ClickOrder#EVENT_ID}. The guard compares only {@code (click_ts, click_id)}; the further
 * tie-break of {@link #ORDER} matters only for conflicting records with one id, which valid
 * producers never send. The streaming upsert puts {@link CheckoutOwner}'s owner rule in front of this
 * guard, for a checkout id a bad producer reused for two users; between answers of one owner this
 * guard decides.
 */
public final class FirstClickMerge {

    /**
     * Better answers first: attributed before unattributed, then by the credited click in
     * {@link ClickOrder#ATTRIBUTED_CLICKS} order. Only the click part is compared; the checkout facts
     * of two answers being merged are equal.
     */
    public static final Comparator<Attribution> ORDER = Comparator.comparing(
            (Attribution a) -> a.click().orElse(null),
            Comparator.nullsLast(ClickOrder.ATTRIBUTED_CLICKS));

    private FirstClickMerge() {
    }

    /**
     * The better of two answers for the same checkout.
     *
     * @throws IllegalArgumentException when the answers are for different checkouts, or disagree on
     *                                  the checkout's facts (user, time, revenue, currency)
     */
    public static Attribution merge(Attribution a, Attribution b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (!a.checkoutId().equals(b.checkoutId())) {
            throw new IllegalArgumentException(
                    "cannot merge answers for different checkouts: " + a.checkoutId() + " and " + b.checkoutId());
        }
        if (!a.sameCheckoutAs(b)) {
            throw new IllegalArgumentException("cannot merge answers for checkout " + a.checkoutId()
                    + " that disagree on its facts: " + a + " and " + b);
        }
        return ORDER.compare(a, b) <= 0 ? a : b;
    }

    /** True when {@code candidate} would replace {@code current} in a merge (strictly better). */
    public static boolean isBetter(Attribution candidate, Attribution current) {
        return ORDER.compare(candidate, current) < 0;
    }
}
