package com.clickstream.attribution.core.rules.multitouch;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.CandidateClicks;
import com.clickstream.attribution.core.rules.RuleArbitraries;
import com.clickstream.attribution.core.rules.TestEvents;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The laws of {@link AttributionModel#LAST_NON_DIRECT_CLICK} beyond those every model obeys
 * ({@link MultiTouchModelsProperties}, {@link TouchWeightUnitsProperties}): it credits the last touch that is
 * not direct, the last touch when all are; direct clicks never take credit from another source.
 */
class LastNonDirectClickProperties {

    private static final AttributionModel LNDC = AttributionModel.LAST_NON_DIRECT_CLICK;

    @Property(tries = 500)
    void theWholeCheckoutGoesToTheLastNonDirectTouchOrElseTheLastTouch(
            @ForAll("checkouts") Checkout checkout, @ForAll("clickLists") List<Click> clicks,
            @ForAll("models") MultiTouchAttribution models) {
        List<Click> touches = CandidateClicks.of(checkout, clicks, models.window());
        List<Credit> credits = models.credit(LNDC, checkout, clicks);
        if (touches.isEmpty()) {
            assertThat(credits).containsExactly(Credit.unattributed(checkout.getEventId(), checkout.getTotalAmount()));
            return;
        }
        List<Click> nonDirect = touches.stream().filter(t -> !t.getTrafficSource().equals("direct")).toList();
        Click expected = nonDirect.isEmpty() ? touches.get(touches.size() - 1) : nonDirect.get(nonDirect.size() - 1);

        List<Credit> credited = credits.stream().filter(c -> c.share().signum() > 0).toList();
        assertThat(credited).singleElement().satisfies(c -> {
            assertThat(c.clickId()).isEqualTo(expected.getEventId());
            assertThat(c.trafficSource()).isEqualTo(expected.getTrafficSource());
            assertThat(c.amount()).isEqualByComparingTo(checkout.getTotalAmount());
            assertThat(c.share()).isEqualByComparingTo(BigDecimal.ONE);
        });
    }

    @Property(tries = 300)
    void withNoDirectTouchOrOnlyDirectTouchesItIsLastClick(
            @ForAll("checkouts") Checkout checkout, @ForAll("clickLists") List<Click> clicks,
            @ForAll("models") MultiTouchAttribution models, @ForAll boolean allDirect) {
        List<Click> uniform = clicks.stream()
                .map(c -> Click.newBuilder(c).setTrafficSource(allDirect ? "direct" : c.getTrafficSource()
                        .replace("direct", "organic")).build())
                .toList();

        assertThat(models.credit(LNDC, checkout, uniform)).isEqualTo(models.credit(AttributionModel.LAST_CLICK, checkout, uniform));
    }

    @Property(tries = 300)
    void directClicksNeverTakeCreditFromAnotherSource(
            @ForAll("checkouts") Checkout checkout, @ForAll("clickLists") List<Click> clicks,
            @ForAll("directClicks") List<Click> direct, @ForAll("models") MultiTouchAttribution models) {
        List<Click> withDirect = new ArrayList<>(clicks);
        withDirect.addAll(direct);
        Credit before = credited(models.credit(LNDC, checkout, clicks));

        Credit after = credited(models.credit(LNDC, checkout, withDirect));
        if (before.attributed() && !before.trafficSource().equals("direct")) {
            assertThat(after.clickId()).isEqualTo(before.clickId());
        }
        // and removing every direct touch leaves the credit where last-click over the rest puts it (touches, not
        // records: of two differing copies of one click id the rule keeps one, direct or not)
        List<Click> withoutDirect = CandidateClicks.of(checkout, withDirect, models.window()).stream()
                .filter(c -> !c.getTrafficSource().equals("direct")).toList();
        if (!withoutDirect.isEmpty()) {
            assertThat(after.clickId()).isEqualTo(credited(models.credit(AttributionModel.LAST_CLICK, checkout, withoutDirect)).clickId());
        }
    }

    private static Credit credited(List<Credit> credits) {
        return credits.stream().filter(c -> c.share().signum() > 0).findFirst().orElseThrow();
    }

    @Provide
    Arbitrary<Checkout> checkouts() {
        return RuleArbitraries.checkouts();
    }

    @Provide
    Arbitrary<List<Click>> clickLists() {
        return Arbitraries.oneOf(RuleArbitraries.clickLists(), RuleArbitraries.clickListsWithConflictingIds());
    }

    /** Direct clicks with ids of their own (d1..d5), any user and time. */
    @Provide
    Arbitrary<List<Click>> directClicks() {
        return net.jqwik.api.Combinators.combine(Arbitraries.of("d1", "d2", "d3", "d4", "d5"), RuleArbitraries.users(),
                        RuleArbitraries.times())
                .as((id, user, ts) -> TestEvents.click(id, user, ts, "direct"))
                .list().ofMaxSize(4).uniqueElements(Click::getEventId);
    }

    @Provide
    Arbitrary<MultiTouchAttribution> models() {
        return RuleArbitraries.windows().map(w -> new MultiTouchAttribution(w, Duration.ofMinutes(30)));
    }
}
