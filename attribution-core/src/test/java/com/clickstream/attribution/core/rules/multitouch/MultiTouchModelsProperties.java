package com.clickstream.attribution.core.rules.multitouch;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.CandidateClicks;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.core.rules.RuleArbitraries;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/** Every multi-touch model, for generated checkouts and clicks. */
class MultiTouchModelsProperties {

    @Property(tries = 500)
    void creditsOfEveryModelSumExactlyToTheTotalAndSharesToOne(
            @ForAll("checkouts") Checkout checkout, @ForAll("clickLists") List<Click> clicks,
            @ForAll("models") MultiTouchAttribution models) {
        Map<AttributionModel, List<Credit>> byModel = models.creditAllModels(checkout, clicks);

        assertThat(byModel.keySet()).containsExactly(AttributionModel.values());
        byModel.forEach((model, credits) -> {
            assertThat(credits.stream().map(Credit::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as(model.dbName()).isEqualByComparingTo(checkout.getTotalAmount());
            assertThat(credits).allSatisfy(c -> assertThat(c.amount().signum()).isNotNegative());
            assertThat(credits.stream().map(Credit::share).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as(model.dbName() + " shares").isEqualByComparingTo(BigDecimal.ONE);
            assertThat(credits).allSatisfy(c -> assertThat(c.checkoutId()).isEqualTo(checkout.getEventId()));
        });
    }

    @Property(tries = 300)
    void shuffledAndDuplicatedInputGivesIdenticalCreditsForEveryModel(
            @ForAll("checkouts") Checkout checkout,
            @ForAll("reorderedWithCopies") Tuple2<List<Click>, List<Click>> input,
            @ForAll("models") MultiTouchAttribution models) {
        assertThat(models.creditAllModels(checkout, input.get2()))
                .isEqualTo(models.creditAllModels(checkout, input.get1()));
    }

    @Property(tries = 500)
    void oneCreditPerTouchInTouchOrderOrOneUnattributedCredit(
            @ForAll("checkouts") Checkout checkout, @ForAll("clickLists") List<Click> clicks,
            @ForAll("models") MultiTouchAttribution models) {
        List<Click> touches = CandidateClicks.of(checkout, clicks, models.window());
        List<String> touchIds = touches.stream().map(Click::getEventId).toList();

        models.creditAllModels(checkout, clicks).forEach((model, credits) -> {
            if (touches.isEmpty()) {
                assertThat(credits).containsExactly(Credit.unattributed(checkout.getEventId(), checkout.getTotalAmount()));
            } else {
                assertThat(credits.stream().map(Credit::clickId).toList()).isEqualTo(touchIds);
            }
        });
    }

    @Property(tries = 500)
    void firstClickModelAgreesWithFirstClickAttributionAndLastClickTakesTheLastTouch(
            @ForAll("checkouts") Checkout checkout, @ForAll("clickLists") List<Click> clicks,
            @ForAll("models") MultiTouchAttribution models) {
        Attribution firstClick = FirstClickAttribution.attribute(checkout, clicks, models.window());
        List<Credit> firstCredits = models.credit(AttributionModel.FIRST_CLICK, checkout, clicks);
        List<Credit> lastCredits = models.credit(AttributionModel.LAST_CLICK, checkout, clicks);

        Credit first = firstCredits.get(0);
        assertThat(first.clickId()).isEqualTo(firstClick.click().map(AttributedClick::clickId).orElse(null));
        assertThat(first.trafficSource()).isEqualTo(firstClick.trafficSource());
        assertThat(first.amount()).isEqualByComparingTo(firstClick.revenue());
        assertThat(lastCredits.get(lastCredits.size() - 1).amount()).isEqualByComparingTo(checkout.getTotalAmount());
    }

    @Property(tries = 300)
    void timeDecayNeverGivesAnEarlierTouchMoreThanALaterOne(
            @ForAll("checkouts") Checkout checkout, @ForAll("clickLists") List<Click> clicks,
            @ForAll("models") MultiTouchAttribution models) {
        List<Credit> credits = models.credit(AttributionModel.TIME_DECAY, checkout, clicks);

        for (int i = 1; i < credits.size(); i++) {
            // Later touches weigh at least as much; the largest-remainder cent can reverse a tie by at most 0.01.
            assertThat(credits.get(i).amount().add(new BigDecimal("0.01")))
                    .isGreaterThanOrEqualTo(credits.get(i - 1).amount());
        }
    }

    @Provide
    Arbitrary<Checkout> checkouts() {
        return RuleArbitraries.checkouts();
    }

    @Provide
    Arbitrary<List<Click>> clickLists() {
        return Arbitraries.oneOf(RuleArbitraries.clickLists(), RuleArbitraries.clickListsWithConflictingIds());
    }

    @Provide
    Arbitrary<MultiTouchAttribution> models() {
        Arbitrary<Duration> halfLives = Arbitraries.of(
                MultiTouchAttribution.DEFAULT_TIME_DECAY_HALF_LIFE, Duration.ofMillis(1), Duration.ofMinutes(7),
                Duration.ofDays(7));
        return RuleArbitraries.windows().flatMap(w -> halfLives.map(h -> new MultiTouchAttribution(w, h)));
    }

    /** A click list, and the same clicks reordered with some repeated. */
    @Provide
    Arbitrary<Tuple2<List<Click>, List<Click>>> reorderedWithCopies() {
        return clickLists().flatMap(clicks -> {
            Arbitrary<List<Click>> copies = clicks.isEmpty()
                    ? Arbitraries.just(List.of())
                    : Arbitraries.of(clicks).list().ofMaxSize(5);
            return copies.flatMap(extra -> {
                List<Click> all = new ArrayList<>(clicks);
                all.addAll(extra);
                return Arbitraries.shuffle(all).map(shuffled -> Tuple.of(clicks, shuffled));
            });
        });
    }
}
