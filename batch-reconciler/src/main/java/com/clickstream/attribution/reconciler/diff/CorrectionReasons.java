package com.clickstream.attribution.reconciler.diff;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import com.clickstream.attribution.reconciler.recompute.Tracked;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks the reason of a correction. Only called when the stored row differs from the recomputed answer.
 *
 * <p>An event is <em>known late</em> when its earliest arrival partition starts more than the stream's
 * allowed lateness after its event time ({@code arrivalHour - event_ts > lateness}): it certainly
 * reached the stream after the stream stopped waiting for it. Partitions are hours, so an event up to
 * an hour late can look on time; the rules below then fall back to comparing partitions.
 *
 * <p>The rules, first match wins:
 * <ol>
 *   <li>No stored row: {@code late_checkout} when the checkout is known late, else {@code missed_by_stream}.</li>
 *   <li>The stored row disagrees on the checkout's facts (user, time, revenue, currency):
 *       {@code duplicate} when the raw history holds more than one copy of the checkout, else
 *       {@code missed_by_stream}.</li>
 *   <li>The stored row credits a click earlier than {@code checkout_ts - W} (outside the current window):
 *       {@code rule_change}.</li>
 *   <li>The stored row credits the same click id as the answer (only the click's facts differ):
 *       {@code duplicate} when that click has more than one copy, else {@code missed_by_stream}.</li>
 *   <li>The answer's click is known late, or arrived in a later arrival partition than the checkout:
 *       {@code late_click}.</li>
 *   <li>Otherwise {@code missed_by_stream} (for example the stored click does not exist in the raw
 *       history, belongs to another user, or an on-time click was missed).</li>
 * </ol>
 */
public final class CorrectionReasons {

    private final AttributionWindow window;
    private final Duration lateness;

    public CorrectionReasons(AttributionWindow window, Duration lateness) {
        this.window = Objects.requireNonNull(window, "window");
        this.lateness = Objects.requireNonNull(lateness, "lateness");
    }

    public CorrectionReason classify(Optional<StoredAttribution> stored, RecomputedCheckout recomputed) {
        Tracked<Checkout> checkout = recomputed.checkout();
        if (stored.isEmpty()) {
            return knownLate(checkout.arrivalHour(), checkout.event().getEventTs())
                    ? CorrectionReason.LATE_CHECKOUT
                    : CorrectionReason.MISSED_BY_STREAM;
        }
        Attribution before = stored.get().answer();
        Attribution after = recomputed.answer();
        if (!before.sameCheckoutAs(after)) {
            return checkout.copies() > 1 ? CorrectionReason.DUPLICATE : CorrectionReason.MISSED_BY_STREAM;
        }
        Optional<AttributedClick> oldClick = before.click();
        if (oldClick.isPresent() && oldClick.get().clickTs().isBefore(window.earliestClickTs(before.checkoutTs()))) {
            return CorrectionReason.RULE_CHANGE;
        }
        if (oldClick.isPresent() && after.click().isPresent()
                && oldClick.get().clickId().equals(after.click().get().clickId())) {
            // the same id as the answer's click: its copies are the credited click's
            return recomputed.creditedClick().map(Tracked::copies).orElse(1) > 1
                    ? CorrectionReason.DUPLICATE : CorrectionReason.MISSED_BY_STREAM;
        }
        if (recomputed.creditedClick().isPresent()) {
            Tracked<AttributedClick> winner = recomputed.creditedClick().get();
            if (knownLate(winner.arrivalHour(), winner.event().clickTs())
                    || winner.arrivalHour().isAfter(checkout.arrivalHour())) {
                return CorrectionReason.LATE_CLICK;
            }
        }
        return CorrectionReason.MISSED_BY_STREAM;
    }

    private boolean knownLate(Instant arrivalHour, Instant eventTs) {
        return Duration.between(eventTs, arrivalHour).compareTo(lateness) > 0;
    }
}
