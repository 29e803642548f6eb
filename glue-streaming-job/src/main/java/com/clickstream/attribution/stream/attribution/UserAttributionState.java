package com.clickstream.attribution.stream.attribution;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.core.rules.FirstClickMerge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the stream remembers about one user between micro-batches, and the rule for each new batch
 * of that user's events. Pure Java (no Spark), so every case is unit-tested directly; the Spark
 * operator ({@link AttributeUserEvents}) only feeds it.
 *
 * <p>The rules, in sentences ({@code wm} is the query's watermark: the smaller of the clicks and
 * checkouts streams' watermarks, each the latest event time read from that stream minus the allowed
 * lateness, see {@link AttributionPipeline#watermark}; {@code W} is the attribution window):
 * <ol>
 *   <li><b>Late.</b> An event with {@code event_ts <= wm} is late: it is counted (late-dropped, for
 *       the reconciler) and changes nothing. This is Spark's own "older than the watermark" test.</li>
 *   <li><b>Duplicates.</b> An event whose {@code event_id} is already in this state counts once;
 *       copies are counted as duplicates and change nothing. Copies share the user (same bytes), so
 *       per-user state deduplicates exactly, for as long as the event can matter (rule 5); a copy
 *       arriving after that is late by rule 1.</li>
 *   <li><b>New checkout.</b> Answered at once with {@link FirstClickAttribution} over the clicks
 *       in state (unattributed when none is a candidate), and remembered with its credited click.</li>
 *   <li><b>New click.</b> Every remembered checkout whose window contains it gets the answer for
 *       this click merged in with {@link FirstClickMerge}; only a strictly better answer (attributed
 *       beats unattributed, then the smaller {@code (click_ts, click_id)}) is emitted. So a click
 *       earlier than the credited one wins, a later one changes nothing, and arrival order never
 *       matters.</li>
 *   <li><b>Eviction.</b> A checkout is forgotten once {@code checkout_ts <= wm}: any click that could
 *       still change it would be late. A click is forgotten once {@code click_ts <= wm - W}: any
 *       checkout it could still be credited to would be late.</li>
 * </ol>
 * The upsert in PostgreSQL applies the same minimum, so the table converges to
 * {@code FirstClickAttribution} over every event that was not late.
 *
 * <p>Spark keeps it between batches as bytes written by {@link StateCodec} (a versioned Avro record),
 * not as a Java-serialized object, so a new release can read an older release's checkpoint.
 */
public final class UserAttributionState {

    /** A checkout still open to better clicks; {@code credited} is null while unattributed. */
    record PendingCheckout(Checkout checkout, Click credited) {

        Attribution answer() {
            return credited == null ? Attribution.unattributed(checkout) : Attribution.attributedTo(checkout, credited);
        }
    }

    /**
     * One answer to write.
     *
     * @param attribution the checkout's current best answer
     * @param newCheckout the full checkout event (with items) when this is its first answer, else null
     */
    public record Answer(Attribution attribution, Checkout newCheckout) {
    }

    /** What one batch of a user's events produced. */
    public record Step(List<Answer> answers, int late, int duplicates) {
    }

    private final Map<String, Click> clicks = new HashMap<>();
    private final Map<String, PendingCheckout> checkouts = new HashMap<>();

    /** Applies rules 1-4 to one batch of this user's events (any order). */
    public Step apply(List<Click> newClicks, List<Checkout> newCheckouts, long watermarkMs, AttributionWindow window) {
        int late = 0;
        int duplicates = 0;

        List<Click> freshClicks = new ArrayList<>();
        for (Click click : newClicks) {
            if (click.getEventTs().toEpochMilli() <= watermarkMs) {
                late++;
            } else if (clicks.putIfAbsent(click.getEventId(), click) != null) {
                duplicates++;
            } else {
                freshClicks.add(click);
            }
        }

        List<Checkout> freshCheckouts = new ArrayList<>();
        Set<String> seenInBatch = new HashSet<>();
        for (Checkout checkout : newCheckouts) {
            if (checkout.getEventTs().toEpochMilli() <= watermarkMs) {
                late++;
            } else if (checkouts.containsKey(checkout.getEventId()) || !seenInBatch.add(checkout.getEventId())) {
                duplicates++;
            } else {
                freshCheckouts.add(checkout);
            }
        }

        List<Answer> answers = new ArrayList<>();
        // Rule 4: new clicks can only improve the checkouts remembered from earlier batches.
        if (!freshClicks.isEmpty()) {
            for (Map.Entry<String, PendingCheckout> entry : checkouts.entrySet()) {
                PendingCheckout pending = entry.getValue();
                Attribution best = pending.answer();
                Click bestClick = pending.credited();
                for (Click click : freshClicks) {
                    if (window.contains(click.getEventTs(), pending.checkout().getEventTs())) {
                        Attribution candidate = Attribution.attributedTo(pending.checkout(), click);
                        if (FirstClickMerge.isBetter(candidate, best)) {
                            best = candidate;
                            bestClick = click;
                        }
                    }
                }
                if (bestClick != pending.credited()) {
                    entry.setValue(new PendingCheckout(pending.checkout(), bestClick));
                    answers.add(new Answer(best, null));
                }
            }
        }
        // Rule 3: new checkouts see every click remembered, including this batch's.
        for (Checkout checkout : freshCheckouts) {
            Attribution answer = FirstClickAttribution.attribute(checkout, clicks.values(), window);
            Click credited = answer.click().map(c -> clicks.get(c.clickId())).orElse(null);
            checkouts.put(checkout.getEventId(), new PendingCheckout(withoutItems(checkout), credited));
            answers.add(new Answer(answer, checkout));
        }
        return new Step(answers, late, duplicates);
    }

    /** Rule 5: forgets what no future non-late event can change. */
    public void evict(long watermarkMs, AttributionWindow window) {
        long windowMs = window.length().toMillis();
        checkouts.values().removeIf(p -> p.checkout().getEventTs().toEpochMilli() <= watermarkMs);
        clicks.values().removeIf(c -> c.getEventTs().toEpochMilli() <= watermarkMs - windowMs);
    }

    /** What {@link StateCodec} writes: the remembered clicks, by event id. */
    Map<String, Click> clicks() {
        return clicks;
    }

    /** What {@link StateCodec} writes: the open checkouts, by event id. */
    Map<String, PendingCheckout> pendingCheckouts() {
        return checkouts;
    }

    /** For {@link StateCodec}: the state as it was written. */
    static UserAttributionState restore(List<Click> clicks, List<PendingCheckout> checkouts) {
        UserAttributionState state = new UserAttributionState();
        clicks.forEach(c -> state.clicks.put(c.getEventId(), c));
        checkouts.forEach(p -> state.checkouts.put(p.checkout().getEventId(), p));
        return state;
    }

    public boolean isEmpty() {
        return clicks.isEmpty() && checkouts.isEmpty();
    }

    public int clickCount() {
        return clicks.size();
    }

    public int checkoutCount() {
        return checkouts.size();
    }

    /** The items are written with the first answer; the state needs only the checkout's facts. */
    private static Checkout withoutItems(Checkout checkout) {
        return Checkout.newBuilder(checkout).setItems(List.of()).build();
    }
}
