package com.clickstream.attribution.core.rules.multitouch;

import static com.clickstream.attribution.core.rules.TestEvents.T;
import static com.clickstream.attribution.core.rules.TestEvents.checkoutAtT;
import static com.clickstream.attribution.core.rules.TestEvents.click;
import static com.clickstream.attribution.core.rules.multitouch.AttributionModel.FIRST_CLICK;
import static com.clickstream.attribution.core.rules.multitouch.AttributionModel.LAST_CLICK;
import static com.clickstream.attribution.core.rules.multitouch.AttributionModel.LAST_NON_DIRECT_CLICK;
import static com.clickstream.attribution.core.rules.multitouch.AttributionModel.LINEAR;
import static com.clickstream.attribution.core.rules.multitouch.AttributionModel.POSITION_BASED;
import static com.clickstream.attribution.core.rules.multitouch.AttributionModel.TIME_DECAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributionWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The multi-touch models of docs/attribution.md, "Multi-touch models": each case gives the touches
 * of checkout o-1 (user u1, 100.00 at T) and the expected credit per touch.
 */
class MultiTouchModelsTest {

    private static final MultiTouchAttribution MODELS = MultiTouchAttribution.withWindow(AttributionWindow.DEFAULT);

    /** Three touches 60, 30 and 0 minutes before the checkout. */
    private static final List<Click> THREE_TOUCHES = List.of(
            click("k1", "u1", T.minus(Duration.ofMinutes(60)), "google"),
            click("k2", "u1", T.minus(Duration.ofMinutes(30)), "facebook"),
            click("k3", "u1", T, "email"));

    private static List<Click> touchesEveryMinute(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> click("k" + (i + 1), "u1", T.minus(Duration.ofMinutes(n - i)), "src" + (i + 1)))
                .toList();
    }

    private static List<BigDecimal> amounts(List<Credit> credits) {
        return credits.stream().map(Credit::amount).toList();
    }

    private static List<BigDecimal> amounts(String... values) {
        return Arrays.stream(values).map(BigDecimal::new).toList();
    }

    /** An expected credit of checkout o-1: click, source, amount and share of the checkout. */
    private static Credit expected(String clickId, String trafficSource, String amount, String share) {
        return new Credit("o-1", clickId, trafficSource, new BigDecimal(amount), new BigDecimal(share));
    }

    private static List<BigDecimal> shares(List<Credit> credits) {
        return credits.stream().map(Credit::share).toList();
    }

    private static List<Credit> credit(AttributionModel model, List<Click> clicks) {
        return MODELS.credit(model, checkoutAtT(), clicks);
    }

    @Test
    @DisplayName("first-click: everything to the earliest touch, one credit per touch")
    void firstClick() {
        assertThat(credit(FIRST_CLICK, THREE_TOUCHES)).containsExactly(
                expected("k1", "google", "100.00", "1"),
                expected("k2", "facebook", "0.00", "0"),
                expected("k3", "email", "0.00", "0"));
    }

    @Test
    @DisplayName("last-click: everything to the latest touch")
    void lastClick() {
        assertThat(amounts(credit(LAST_CLICK, THREE_TOUCHES))).isEqualTo(amounts("0.00", "0.00", "100.00"));
    }

    @Test
    @DisplayName("last-click with two touches in the same millisecond: the larger event_id is last")
    void lastClickTieBreaksByLargerEventId() {
        List<Click> tied = List.of(
                click("k-b", "u1", T.minusSeconds(60), "facebook"),
                click("k-a", "u1", T.minusSeconds(60), "google"));

        assertThat(credit(LAST_CLICK, tied)).containsExactly(
                expected("k-a", "google", "0.00", "0"),
                expected("k-b", "facebook", "100.00", "1"));
    }

    @Test
    @DisplayName("last non-direct click: a direct last touch yields the credit to the last other source")
    void lastNonDirectClickSkipsDirect() {
        List<Click> clicks = List.of(
                click("k1", "u1", T.minus(Duration.ofMinutes(50)), "google"),
                click("k2", "u1", T.minus(Duration.ofMinutes(40)), "email"),
                click("k3", "u1", T.minus(Duration.ofMinutes(10)), "direct"),
                click("k4", "u1", T, "direct"));

        assertThat(credit(LAST_NON_DIRECT_CLICK, clicks)).containsExactly(
                expected("k1", "google", "0.00", "0"),
                expected("k2", "email", "100.00", "1"),
                expected("k3", "direct", "0.00", "0"),
                expected("k4", "direct", "0.00", "0"));
    }

    @Test
    @DisplayName("last non-direct click: when every touch is direct, the last direct click gets the credit")
    void lastNonDirectClickAllDirect() {
        List<Click> clicks = List.of(
                click("k1", "u1", T.minus(Duration.ofMinutes(30)), "direct"),
                click("k2", "u1", T.minus(Duration.ofMinutes(5)), "direct"));

        assertThat(credit(LAST_NON_DIRECT_CLICK, clicks)).containsExactly(
                expected("k1", "direct", "0.00", "0"),
                expected("k2", "direct", "100.00", "1"));
    }

    @Test
    @DisplayName("last non-direct click: with no direct touch it is last click, ties by the larger event_id")
    void lastNonDirectClickWithoutDirectIsLastClick() {
        List<Click> tied = List.of(
                click("k-b", "u1", T.minusSeconds(60), "facebook"),
                click("k-a", "u1", T.minusSeconds(60), "google"),
                click("k-c", "u1", T.minusSeconds(60), "direct"));

        assertThat(credit(LAST_NON_DIRECT_CLICK, THREE_TOUCHES)).isEqualTo(credit(LAST_CLICK, THREE_TOUCHES));
        // k-c is last by event_id but direct: k-b, the larger of the other two, is the last non-direct touch
        assertThat(credit(LAST_NON_DIRECT_CLICK, tied)).containsExactly(
                expected("k-a", "google", "0.00", "0"),
                expected("k-b", "facebook", "100.00", "1"),
                expected("k-c", "direct", "0.00", "0"));
    }

    @Test
    @DisplayName("last non-direct click: only the exact source 'direct' is direct")
    void onlyTheContractValueIsDirect() {
        List<Click> clicks = List.of(
                click("k1", "u1", T.minus(Duration.ofMinutes(20)), "google"),
                click("k2", "u1", T.minus(Duration.ofMinutes(10)), "Direct"));

        assertThat(credit(LAST_NON_DIRECT_CLICK, clicks)).containsExactly(
                expected("k1", "google", "0.00", "0"),
                expected("k2", "Direct", "100.00", "1"));
    }

    @Test
    @DisplayName("linear: equal shares, the left-over cent to the earliest touch")
    void linear() {
        assertThat(amounts(credit(LINEAR, THREE_TOUCHES))).isEqualTo(amounts("33.34", "33.33", "33.33"));
        assertThat(shares(credit(LINEAR, THREE_TOUCHES))).isEqualTo(amounts("0.3334", "0.3333", "0.3333"));
    }

    @Test
    @DisplayName("time-decay (half-life 30 min): weights 1/4, 1/2, 1 for touches 60, 30, 0 min before checkout")
    void timeDecay() {
        // 100 * (0.25, 0.5, 1) / 1.75 = 14.2857.., 28.5714.., 57.1428.. -> the left-over cent to the largest remainder
        assertThat(amounts(credit(TIME_DECAY, THREE_TOUCHES))).isEqualTo(amounts("14.29", "28.57", "57.14"));
        assertThat(shares(credit(TIME_DECAY, THREE_TOUCHES))).isEqualTo(amounts("0.1429", "0.2857", "0.5714"));
    }

    @Test
    @DisplayName("time-decay with a one-hour half-life: weights 1/2, 1/sqrt2, 1")
    void timeDecayHalfLifeIsASetting() {
        MultiTouchAttribution hourly = new MultiTouchAttribution(AttributionWindow.DEFAULT, Duration.ofHours(1));

        // 100 * (0.5, 0.70710678, 1) / 2.20710678 = 22.654.., 32.037.., 45.308..
        assertThat(amounts(hourly.credit(TIME_DECAY, checkoutAtT(), THREE_TOUCHES)))
                .isEqualTo(amounts("22.65", "32.04", "45.31"));
    }

    @Test
    @DisplayName("position-based: 1 touch 100%, 2 touches 50/50, 3 touches 40/20/40")
    void positionBasedFewTouches() {
        assertThat(amounts(credit(POSITION_BASED, touchesEveryMinute(1)))).isEqualTo(amounts("100.00"));
        assertThat(amounts(credit(POSITION_BASED, touchesEveryMinute(2)))).isEqualTo(amounts("50.00", "50.00"));
        assertThat(amounts(credit(POSITION_BASED, THREE_TOUCHES))).isEqualTo(amounts("40.00", "20.00", "40.00"));
    }

    @Test
    @DisplayName("position-based: 4 and 5 touches share the middle 20% equally")
    void positionBasedManyTouches() {
        assertThat(amounts(credit(POSITION_BASED, touchesEveryMinute(4))))
                .isEqualTo(amounts("40.00", "10.00", "10.00", "40.00"));
        assertThat(amounts(credit(POSITION_BASED, touchesEveryMinute(5))))
                .isEqualTo(amounts("40.00", "6.67", "6.67", "6.66", "40.00"));
    }

    @Test
    @DisplayName("a 0.00 checkout: every amount is 0.00, the shares still split the checkout")
    void zeroRevenueCheckoutStillHasShares() {
        List<Credit> credits = MODELS.credit(POSITION_BASED, com.clickstream.attribution.core.rules.TestEvents
                .checkout("o-1", "u1", T, "0.00"), THREE_TOUCHES);

        assertThat(credits).containsExactly(
                expected("k1", "google", "0.00", "0.4"),
                expected("k2", "facebook", "0.00", "0.2"),
                expected("k3", "email", "0.00", "0.4"));
    }

    @Test
    @DisplayName("no touch: every model gives one credit of the whole amount to 'unattributed'")
    void unattributedCheckout() {
        List<Click> noneMatch = List.of(
                click("k-other-user", "u2", T.minusSeconds(60), "google"),
                click("k-too-early", "u1", T.minus(Duration.ofHours(1)).minusMillis(1), "google"),
                click("k-after", "u1", T.plusMillis(1), "google"));

        Map<AttributionModel, List<Credit>> byModel = MODELS.creditAllModels(checkoutAtT(), noneMatch);

        assertThat(byModel).hasSize(AttributionModel.values().length);
        assertThat(byModel.values()).allSatisfy(credits -> assertThat(credits)
                .containsExactly(expected(null, "unattributed", "100.00", "1")));
    }

    @Test
    @DisplayName("the window is the same as first-click's: exactly W before and the checkout's millisecond count")
    void windowBoundariesAsFirstClick() {
        List<Click> clicks = List.of(
                click("k-start", "u1", T.minus(Duration.ofHours(1)), "google"),
                click("k-too-early", "u1", T.minus(Duration.ofHours(1)).minusMillis(1), "affiliate"),
                click("k-end", "u1", T, "email"),
                click("k-after", "u1", T.plusMillis(1), "direct"));

        assertThat(credit(LINEAR, clicks)).containsExactly(
                expected("k-start", "google", "50.00", "0.5"),
                expected("k-end", "email", "50.00", "0.5"));
    }

    @Test
    @DisplayName("a duplicate click counts once: linear over k1, k1, k2 is 50/50")
    void duplicateClickCountsOnce() {
        Click k1 = click("k1", "u1", T.minusSeconds(600), "google");
        Click k2 = click("k2", "u1", T.minusSeconds(60), "email");

        assertThat(credit(LINEAR, List.of(k1, k1, k2))).containsExactly(
                expected("k1", "google", "50.00", "0.5"),
                expected("k2", "email", "50.00", "0.5"));
    }

    @Test
    @DisplayName("another user's click is no touch")
    void anotherUsersClickIsNoTouch() {
        List<Click> clicks = List.of(
                click("k1", "u1", T.minusSeconds(600), "google"),
                click("k-u2", "u2", T.minusSeconds(300), "facebook"));

        assertThat(credit(LINEAR, clicks)).containsExactly(expected("k1", "google", "100.00", "1"));
    }

    @Test
    @DisplayName("model names are the lowercase database values")
    void dbNames() {
        assertThat(Arrays.stream(AttributionModel.values()).map(AttributionModel::dbName))
                .containsExactly("first_click", "last_click", "linear", "time_decay", "position_based",
                        "last_non_direct_click");
        assertThat(AttributionModel.fromDbName("time_decay")).isEqualTo(TIME_DECAY);
        assertThatThrownBy(() -> AttributionModel.fromDbName("TIME_DECAY")).isInstanceOf(IllegalArgumentException.class);
    }
}
