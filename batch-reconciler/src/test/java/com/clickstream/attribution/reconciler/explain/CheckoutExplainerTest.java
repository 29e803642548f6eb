package com.clickstream.attribution.reconciler.explain;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.multitouch.MultiTouchAttribution;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.CheckoutFacts;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.ClickLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The explanation of hand-built cases, without servers (ExplainIT covers reading them from PostgreSQL and S3). */
class CheckoutExplainerTest {

    static final Instant T = Instant.parse("2024-03-01T12:00:00Z");
    static final MultiTouchAttribution MODELS = MultiTouchAttribution.withWindow(AttributionWindow.DEFAULT);

    private static CheckoutExplanation explain(Checkout c, List<Click> clicks) {
        return CheckoutExplainer.explain(c, new CheckoutFacts(c.getEventId(), c.getUserId(), c.getEventTs().toString(),
                c.getTotalAmount(), c.getCurrency(), 1, "raw"), clicks, "test", MODELS, null, List.of());
    }

    @Test
    @DisplayName("no click inside the window: unattributed, the nearest clicks outside shown, no row yet")
    void unattributedWithClicksJustOutside() {
        Checkout o = checkout("o1", "u1", T, "10.00");
        CheckoutExplanation e = explain(o, List.of(
                click("k-early", "u1", T.minus(Duration.ofHours(1)).minusMillis(1), "google"),
                click("k-earlier", "u1", T.minus(Duration.ofMinutes(90)), "email"),
                click("k-earliest", "u1", T.minus(Duration.ofMinutes(110)), "email"),
                click("k-late", "u1", T.plus(Duration.ofMinutes(15)), "direct"),
                click("k-other", "u2", T.minusSeconds(60), "google")));

        assertThat(e.credited()).isNull();
        assertThat(e.clicks()).extracting(ClickLine::clickId).containsExactly("k-earlier", "k-early", "k-late");
        assertThat(e.clicks()).extracting(ClickLine::note).containsExactly(
                "30 min before the window start", "1 ms before the window start", "15 min after the checkout");
        assertThat(e.why()).isEqualTo("no click of u1 in [2024-03-01T11:00:00Z, 2024-03-01T12:00:00Z] (both ends inclusive): unattributed");
        assertThat(e.credits()).singleElement().satisfies(c -> {
            assertThat(c.trafficSource()).isEqualTo("unattributed");
            assertThat(c.amounts().values()).allSatisfy(a -> assertThat(a).isEqualByComparingTo("10.00"));
        });
        assertThat(e.path()).isEqualTo("unattributed");
        assertThat(e.verdict()).startsWith("no row in attributed_checkouts yet: the rule says unattributed");
    }

    @Test
    @DisplayName("only direct touches: last non-direct click credits the last direct one; the path collapses")
    void onlyDirect() {
        CheckoutExplanation e = explain(checkout("o1", "u1", T, "30.00"), List.of(
                click("d1", "u1", T.minus(Duration.ofMinutes(40)), "direct"),
                click("d2", "u1", T.minus(Duration.ofMinutes(5)), "direct")));

        assertThat(e.credited().clickId()).isEqualTo("d1");
        assertThat(e.credits()).extracting(c -> c.amounts().get("last_non_direct_click").toPlainString())
                .containsExactly("0.00", "30.00");
        assertThat(e.path()).isEqualTo("direct");
    }

    @Test
    void humanDistances() {
        assertThat(CheckoutExplainer.human(Duration.ofMillis(1))).isEqualTo("1 ms");
        assertThat(CheckoutExplainer.human(Duration.ofMillis(13_871))).isEqualTo("13.871 s");
        assertThat(CheckoutExplainer.human(Duration.ofSeconds(895))).isEqualTo("14 min 55 s");
        assertThat(CheckoutExplainer.human(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
    }
}
