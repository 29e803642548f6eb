package com.clickstream.attribution.core.rules;

import static com.clickstream.attribution.core.rules.TestEvents.T;
import static com.clickstream.attribution.core.rules.TestEvents.checkout;
import static com.clickstream.attribution.core.rules.TestEvents.checkoutAtT;
import static com.clickstream.attribution.core.rules.TestEvents.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One named case per edge case of the first-click rule (docs/attribution.md, "Worked examples").
 * Each test: given the input events, when attributed with the default one-hour window, then the
 * expected credited click (or unattributed).
 */
class FirstClickAttributionTest {

    private static final AttributionWindow W = AttributionWindow.DEFAULT;

    private static Attribution attribute(Checkout checkout, Click... clicks) {
        return FirstClickAttribution.attribute(checkout, List.of(clicks), W);
    }

    private static Optional<String> creditedClickId(Attribution attribution) {
        return attribution.click().map(AttributedClick::clickId);
    }

    @Test
    @DisplayName("the earliest click inside the window wins")
    void earliestClickInsideWindowWins() {
        // given
        Checkout checkout = checkoutAtT();
        List<Click> clicks = List.of(
                click("k2", "u1", T.minusSeconds(600), "facebook"),
                click("k1", "u1", T.minusSeconds(1800), "google"),
                click("k3", "u1", T.minusSeconds(60), "email"));

        // when
        Attribution result = FirstClickAttribution.attribute(checkout, clicks, W);

        // then
        assertThat(creditedClickId(result)).contains("k1");
        assertThat(result.trafficSource()).isEqualTo("google");
        assertThat(result.timeToPurchase()).contains(Duration.ofMinutes(30));
    }

    @Test
    @DisplayName("a click exactly W before the checkout counts (window start is inclusive)")
    void clickExactlyWindowBeforeCheckoutCounts() {
        Attribution result = attribute(checkoutAtT(), click("k1", "u1", T.minus(Duration.ofHours(1)), "google"));

        assertThat(creditedClickId(result)).contains("k1");
        assertThat(result.timeToPurchase()).contains(Duration.ofHours(1));
    }

    @Test
    @DisplayName("a click 1 ms before the window start does not count")
    void clickOneMillisecondBeforeWindowDoesNotCount() {
        Attribution result = attribute(checkoutAtT(),
                click("k1", "u1", T.minus(Duration.ofHours(1)).minusMillis(1), "google"));

        assertThat(result.attributed()).isFalse();
        assertThat(result.trafficSource()).isEqualTo(Attribution.UNATTRIBUTED);
    }

    @Test
    @DisplayName("a click in the same millisecond as the checkout counts (window end is inclusive)")
    void clickAtSameMillisecondAsCheckoutCounts() {
        Attribution result = attribute(checkoutAtT(), click("k1", "u1", T, "direct"));

        assertThat(creditedClickId(result)).contains("k1");
        assertThat(result.timeToPurchase()).contains(Duration.ZERO);
    }

    @Test
    @DisplayName("a click after the checkout does not count")
    void clickAfterCheckoutDoesNotCount() {
        Attribution result = attribute(checkoutAtT(), click("k1", "u1", T.plusMillis(1), "google"));

        assertThat(result.attributed()).isFalse();
    }

    @Test
    @DisplayName("two clicks in the same millisecond: the smaller event_id wins, whatever the input order")
    void twoClicksInSameMillisecondSmallerEventIdWins() {
        Click b = click("k-b", "u1", T.minusSeconds(300), "facebook");
        Click a = click("k-a", "u1", T.minusSeconds(300), "google");

        assertThat(creditedClickId(attribute(checkoutAtT(), b, a))).contains("k-a");
        assertThat(creditedClickId(attribute(checkoutAtT(), a, b))).contains("k-a");
    }

    @Test
    @DisplayName("event ids tie-break by code point (UTF-8 byte order, as Spark and COLLATE \"C\"), not UTF-16 units")
    void eventIdTieBreakIsCodePointOrder() {
        // U+FFFD sorts before U+1F600 by code point; String.compareTo would put the emoji's surrogate first.
        Click replacementChar = click("k\uFFFD", "u1", T.minusSeconds(5), "google");
        Click emoji = click("k\uD83D\uDE00", "u1", T.minusSeconds(5), "facebook");

        assertThat(creditedClickId(attribute(checkoutAtT(), emoji, replacementChar))).contains("k\uFFFD");
    }

    @Test
    @DisplayName("a duplicate click (same event_id) counts once and changes nothing")
    void duplicateClickCountsOnce() {
        Click k1 = click("k1", "u1", T.minusSeconds(900), "google");
        Click k2 = click("k2", "u1", T.minusSeconds(600), "email");

        Attribution once = attribute(checkoutAtT(), k1, k2);
        Attribution twice = attribute(checkoutAtT(), k2, k1, k1, k2, k1);

        assertThat(twice).isEqualTo(once);
        assertThat(creditedClickId(twice)).contains("k1");
    }

    @Test
    @DisplayName("another user's click does not count, even if it is earlier")
    void anotherUsersClickDoesNotCount() {
        Attribution result = attribute(checkoutAtT(),
                click("k-other", "u2", T.minusSeconds(1200), "google"),
                click("k-mine", "u1", T.minusSeconds(60), "email"));

        assertThat(creditedClickId(result)).contains("k-mine");
    }

    @Test
    @DisplayName("no candidate: the checkout is kept, unattributed, with its revenue")
    void noCandidateIsUnattributed() {
        Attribution result = attribute(checkout("o-9", "u1", T, "42.50"));

        assertThat(result).isEqualTo(new Attribution("o-9", "u1", T, new BigDecimal("42.50"), "USD", Optional.empty()));
        assertThat(result.trafficSource()).isEqualTo("unattributed");
        assertThat(result.timeToPurchase()).isEmpty();
    }

    @Test
    @DisplayName("the answer carries the checkout facts and the first click's source, campaign, device and product")
    void answerCarriesCheckoutAndClickFields() {
        Click first = click("k1", "u1", T.minusSeconds(120), "facebook", "spring-sale", "mobile", "p-7", "bags");

        Attribution result = attribute(checkoutAtT(), first, click("k2", "u1", T.minusSeconds(60), "google"));

        assertThat(result).isEqualTo(new Attribution("o-1", "u1", T, new BigDecimal("100.00"), "USD",
                Optional.of(new AttributedClick("k1", T.minusSeconds(120), "facebook", "spring-sale", "mobile",
                        "p-7", "bags"))));
    }

    @Test
    @DisplayName("a late click earlier than the credited click wins after the merge")
    void lateClickEarlierThanCreditedClickWinsAfterMerge() {
        // given: the stream has credited k2; k1 (earlier event time) arrives later
        Checkout checkout = checkoutAtT();
        Click k2 = click("k2", "u1", T.minusSeconds(600), "email");
        Click lateK1 = click("k1", "u1", T.minusSeconds(2400), "google");
        Attribution stored = attribute(checkout, k2);

        // when: the late click's answer is merged into the stored one (upsert or reconciler)
        Attribution merged = FirstClickMerge.merge(stored, attribute(checkout, lateK1));

        // then: the same answer as if both clicks had been there from the start
        assertThat(creditedClickId(merged)).contains("k1");
        assertThat(merged).isEqualTo(attribute(checkout, k2, lateK1));
    }

    @Test
    @DisplayName("a shorter window excludes a click the default window includes")
    void windowIsAParameter() {
        Click k1 = click("k1", "u1", T.minus(Duration.ofMinutes(45)), "google");

        assertThat(FirstClickAttribution.attribute(checkoutAtT(), List.of(k1), AttributionWindow.parse("30m"))
                .attributed()).isFalse();
        assertThat(attribute(checkoutAtT(), k1).attributed()).isTrue();
    }
}
