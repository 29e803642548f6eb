package com.clickstream.attribution.core.rules;

import static com.clickstream.attribution.core.rules.TestEvents.T;
import static com.clickstream.attribution.core.rules.TestEvents.checkout;
import static com.clickstream.attribution.core.rules.TestEvents.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The owner of a checkout id reused by two users (docs/attribution.md, "A checkout id reused by two users"). */
class CheckoutOwnerTest {

    @Test
    @DisplayName("the earlier checkout owns the id, even unattributed against an attributed copy")
    void earlierCheckoutOwnsTheId() {
        Attribution owner = Attribution.unattributed(checkout("o-1", "u2", T.minusSeconds(1), "50.00"));
        Attribution other = Attribution.attributedTo(checkout("o-1", "u1", T, "10.00"),
                click("k1", "u1", T.minusSeconds(600), "google"));

        assertThat(CheckoutOwner.replaces(owner, other)).isTrue();
        assertThat(CheckoutOwner.replaces(other, owner)).isFalse();
    }

    @Test
    @DisplayName("same time: the smaller revenue owns the id; then the currency")
    void thenRevenueThenCurrency() {
        Checkout small = checkout("o-1", "u2", T, "9.99");
        Checkout large = checkout("o-1", "u1", T, "10.00");
        Checkout eur = Checkout.newBuilder(large).setCurrency("EUR").build();

        assertThat(CheckoutOwner.OWNER.compare(Attribution.unattributed(small), Attribution.unattributed(large))).isNegative();
        assertThat(CheckoutOwner.OWNER.compare(Attribution.unattributed(eur), Attribution.unattributed(large))).isNegative();
    }

    @Test
    @DisplayName("same facts: user ids by code point, so 'U' (U+0055) before 'u' (U+0075), as COLLATE \"C\"")
    void thenUserByCodePoint() {
        Attribution upper = Attribution.unattributed(checkout("o-1", "U-2", T, "10.00"));
        Attribution lower = Attribution.unattributed(checkout("o-1", "u-1", T, "10.00"));

        assertThat(CheckoutOwner.replaces(upper, lower)).isTrue();
        assertThat(CheckoutOwner.replaces(lower, upper)).isFalse();
    }

    @Test
    @DisplayName("the owner's answers keep the min rule; another user's earlier click never replaces them")
    void ownersAnswersKeepTheMinRule() {
        Checkout ownerCopy = checkout("o-1", "u1", T, "10.00");
        Attribution ownerLate = Attribution.attributedTo(ownerCopy, click("k-late", "u1", T.minusSeconds(60), "email"));
        Attribution ownerEarly = Attribution.attributedTo(ownerCopy, click("k-early", "u1", T.minusSeconds(900), "google"));
        Attribution otherEarliest = Attribution.attributedTo(checkout("o-1", "u2", T, "10.00"),
                click("k-other", "u2", T.minusSeconds(3000), "facebook"));

        assertThat(CheckoutOwner.replaces(ownerEarly, ownerLate)).isTrue();
        assertThat(CheckoutOwner.replaces(ownerLate, ownerLate)).as("a replay changes nothing").isFalse();
        assertThat(CheckoutOwner.replaces(otherEarliest, ownerLate)).isFalse();
        assertThat(CheckoutOwner.ANSWERS.compare(ownerLate, ownerEarly))
                .isEqualTo(FirstClickMerge.ORDER.compare(ownerLate, ownerEarly));
    }

    @Test
    @DisplayName("the kept answer does not depend on arrival order")
    void arrivalOrderDoesNotMatter() {
        Checkout a = checkout("o-1", "u1", T, "10.00");
        Checkout b = checkout("o-1", "u2", T, "10.00");
        List<Attribution> answers = new ArrayList<>(List.of(
                Attribution.unattributed(b),
                Attribution.attributedTo(b, click("k-b", "u2", T.minusSeconds(3000), "facebook")),
                Attribution.unattributed(a),
                Attribution.attributedTo(a, click("k-a2", "u1", T.minusSeconds(60), "email")),
                Attribution.attributedTo(a, click("k-a1", "u1", T.minusSeconds(120), "google"))));
        for (int seed = 0; seed < 20; seed++) {
            Collections.shuffle(answers, new Random(seed));
            Attribution kept = answers.stream().reduce((stored, incoming) ->
                    CheckoutOwner.replaces(incoming, stored) ? incoming : stored).orElseThrow();

            assertThat(kept.userId()).isEqualTo("u1");
            assertThat(kept.click().orElseThrow().clickId()).isEqualTo("k-a1");
        }
    }
}
