package com.clickstream.attribution.reconciler.diff;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import com.clickstream.attribution.reconciler.recompute.Tracked;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The correction reason rules, one named case each (the rules are in CorrectionReasons' Javadoc). */
class CorrectionReasonsTest {

    static final CorrectionReasons REASONS = new CorrectionReasons(AttributionWindow.DEFAULT, Duration.ofMinutes(5));
    static final Checkout O1 = checkout("o1", "u1", at("12:00"), "100.00");

    static Instant at(String hhmm) {
        return Instant.parse("2024-03-01T" + hhmm + ":00Z");
    }

    static Optional<StoredAttribution> stored(Attribution a) {
        return Optional.of(new StoredAttribution(a, "stream", 1));
    }

    static CorrectionReason classify(Optional<StoredAttribution> stored, Tracked<Checkout> checkout,
            Tracked<Click> winner) {
        Attribution answer = winner == null ? Attribution.unattributed(checkout.event())
                : Attribution.attributedTo(checkout.event(), winner.event());
        Optional<Tracked<AttributedClick>> credited = answer.click()
                .map(click -> new Tracked<>(click, winner.arrivalHour(), winner.copies()));
        return REASONS.classify(stored, new RecomputedCheckout(answer, checkout, credited, Map.of()));
    }

    @Test
    void missingCheckoutThatArrivedLateIsALateCheckout() {
        assertThat(classify(Optional.empty(), new Tracked<>(O1, at("13:00"), 1), null))
                .isEqualTo(CorrectionReason.LATE_CHECKOUT);
    }

    @Test
    void missingCheckoutThatArrivedOnTimeWasMissedByTheStream() {
        assertThat(classify(Optional.empty(), new Tracked<>(O1, at("12:00"), 1), null))
                .isEqualTo(CorrectionReason.MISSED_BY_STREAM);
    }

    @Test
    void anEarlierClickThatArrivedLateIsALateClick() {
        Click k1 = click("k1", "u1", at("11:20"), "google");
        Click k2 = click("k2", "u1", at("11:50"), "email");
        Tracked<Click> late = new Tracked<>(k1, at("14:00"), 1);
        assertThat(classify(stored(Attribution.attributedTo(O1, k2)), new Tracked<>(O1, at("12:00"), 1), late))
                .isEqualTo(CorrectionReason.LATE_CLICK);
    }

    @Test
    void aClickInALaterPartitionThanTheCheckoutIsALateClickEvenWithinTheHour() {
        Click k1 = click("k1", "u1", at("11:58"), "google");
        Tracked<Checkout> checkout = new Tracked<>(checkout("o1", "u1", at("11:59"), "1.00"), at("11:00"), 1);
        Tracked<Click> winner = new Tracked<>(k1, at("12:00"), 1); // 2 minutes late only, but after the checkout's hour
        assertThat(classify(stored(Attribution.unattributed(checkout.event())), checkout, winner))
                .isEqualTo(CorrectionReason.LATE_CLICK);
    }

    @Test
    void aStoredClickOutsideTheWindowIsARuleChange() {
        Click old = click("k0", "u1", at("10:30"), "google"); // 90 minutes before: outside W = 1h
        Click k2 = click("k2", "u1", at("11:50"), "email");
        Tracked<Click> winner = new Tracked<>(k2, at("14:00"), 1); // late, but the rule change comes first
        assertThat(classify(stored(Attribution.attributedTo(O1, old)), new Tracked<>(O1, at("12:00"), 1), winner)).isEqualTo(CorrectionReason.RULE_CHANGE);
    }

    @Test
    void theSameClickWithOtherFactsFromACopyIsADuplicate() {
        Click kept = click("k1", "u1", at("11:20"), "google");
        Click copy = Click.newBuilder(kept).setEventTs(at("11:25")).build();
        Tracked<Click> winner = new Tracked<>(kept, at("11:00"), 2);
        assertThat(classify(stored(Attribution.attributedTo(O1, copy)), new Tracked<>(O1, at("12:00"), 1), winner)).isEqualTo(CorrectionReason.DUPLICATE);
    }

    @Test
    void otherCheckoutFactsFromACopyOfTheCheckoutAreADuplicate() {
        Checkout copy = checkout("o1", "u1", at("12:00"), "200.00");
        assertThat(classify(stored(Attribution.unattributed(copy)), new Tracked<>(O1, at("12:00"), 2), null))
                .isEqualTo(CorrectionReason.DUPLICATE);
    }

    @Test
    void aStoredClickTheRawHistoryDoesNotHaveWasMissedByTheStream() {
        Click ghost = click("k-ghost", "u1", at("11:30"), "google");
        assertThat(classify(stored(Attribution.attributedTo(O1, ghost)), new Tracked<>(O1, at("12:00"), 1), null)).isEqualTo(CorrectionReason.MISSED_BY_STREAM);
    }

    @Test
    void anOnTimeEarlierClickTheStreamDidNotCreditWasMissedByTheStream() {
        Click k1 = click("k1", "u1", at("11:20"), "google");
        Click k2 = click("k2", "u1", at("11:50"), "email");
        Tracked<Click> winner = new Tracked<>(k1, at("11:00"), 1);
        assertThat(classify(stored(Attribution.attributedTo(O1, k2)), new Tracked<>(O1, at("12:00"), 1), winner)).isEqualTo(CorrectionReason.MISSED_BY_STREAM);
    }
}
