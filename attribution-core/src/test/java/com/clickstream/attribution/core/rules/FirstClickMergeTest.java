package com.clickstream.attribution.core.rules;

import static com.clickstream.attribution.core.rules.TestEvents.T;
import static com.clickstream.attribution.core.rules.TestEvents.checkout;
import static com.clickstream.attribution.core.rules.TestEvents.checkoutAtT;
import static com.clickstream.attribution.core.rules.TestEvents.click;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.event.Checkout;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The merge rule of docs/attribution.md, "Merging answers", one case each. */
class FirstClickMergeTest {

    private final Checkout checkout = checkoutAtT();
    private final Attribution unattributed = Attribution.unattributed(checkout);
    private final Attribution viaEarly = Attribution.attributedTo(checkout, click("k1", "u1", T.minusSeconds(900), "google"));
    private final Attribution viaLate = Attribution.attributedTo(checkout, click("k2", "u1", T.minusSeconds(60), "email"));

    @Test
    @DisplayName("attributed beats unattributed, from either side")
    void attributedBeatsUnattributed() {
        assertThat(FirstClickMerge.merge(unattributed, viaLate)).isEqualTo(viaLate);
        assertThat(FirstClickMerge.merge(viaLate, unattributed)).isEqualTo(viaLate);
        assertThat(FirstClickMerge.isBetter(viaLate, unattributed)).isTrue();
        assertThat(FirstClickMerge.isBetter(unattributed, viaLate)).isFalse();
    }

    @Test
    @DisplayName("the earlier click wins")
    void earlierClickWins() {
        assertThat(FirstClickMerge.merge(viaLate, viaEarly)).isEqualTo(viaEarly);
        assertThat(FirstClickMerge.isBetter(viaEarly, viaLate)).isTrue();
    }

    @Test
    @DisplayName("same click time: the smaller click id wins")
    void sameClickTimeSmallerIdWins() {
        Attribution viaB = Attribution.attributedTo(checkout, click("k-b", "u1", T.minusSeconds(60), "google"));
        Attribution viaA = Attribution.attributedTo(checkout, click("k-a", "u1", T.minusSeconds(60), "email"));

        assertThat(FirstClickMerge.merge(viaB, viaA)).isEqualTo(viaA);
    }

    @Test
    @DisplayName("an equal answer is not better (the upsert does not rewrite the row)")
    void equalAnswerIsNotBetter() {
        assertThat(FirstClickMerge.isBetter(viaEarly, viaEarly)).isFalse();
        assertThat(FirstClickMerge.merge(viaEarly, viaEarly)).isEqualTo(viaEarly);
    }

    @Test
    @DisplayName("answers for different checkouts are not merged")
    void differentCheckoutsAreRejected() {
        Attribution other = Attribution.unattributed(checkout("o-2", "u1", T, "100.00"));

        assertThatThrownBy(() -> FirstClickMerge.merge(unattributed, other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different checkouts");
    }

    @Test
    @DisplayName("answers that disagree on the checkout's facts are not merged")
    void disagreeingCheckoutFactsAreRejected() {
        Attribution otherRevenue = Attribution.unattributed(checkout("o-1", "u1", T, "99.99"));

        assertThatThrownBy(() -> FirstClickMerge.merge(unattributed, otherRevenue))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disagree");
    }
}
