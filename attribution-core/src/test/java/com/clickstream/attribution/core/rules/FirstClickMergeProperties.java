package com.clickstream.attribution.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The merge is a minimum: commutative, associative and idempotent, and merging per-click answers
 * in any order gives the first-click answer over all clicks. The streaming upsert and the
 * reconciler rely on exactly this.
 */
class FirstClickMergeProperties {

    /** One checkout; answers differ only in their click. */
    private static final Checkout CHECKOUT = TestEvents.checkout("o-1", "u1", RuleArbitraries.BASE.plusSeconds(3 * 3600), "250.00");

    @Property
    void commutative(@ForAll("answers") Attribution a, @ForAll("answers") Attribution b) {
        assertThat(FirstClickMerge.merge(a, b)).isEqualTo(FirstClickMerge.merge(b, a));
    }

    @Property
    void associative(@ForAll("answers") Attribution a, @ForAll("answers") Attribution b,
                     @ForAll("answers") Attribution c) {
        assertThat(FirstClickMerge.merge(FirstClickMerge.merge(a, b), c))
                .isEqualTo(FirstClickMerge.merge(a, FirstClickMerge.merge(b, c)));
    }

    @Property
    void idempotent(@ForAll("answers") Attribution a, @ForAll("answers") Attribution b) {
        assertThat(FirstClickMerge.merge(a, a)).isEqualTo(a);
        Attribution ab = FirstClickMerge.merge(a, b);
        assertThat(FirstClickMerge.merge(ab, b)).isEqualTo(ab);
    }

    @Property
    void mergeKeepsTheBetterAnswer(@ForAll("answers") Attribution current, @ForAll("answers") Attribution candidate) {
        Attribution merged = FirstClickMerge.merge(current, candidate);

        assertThat(merged).isEqualTo(FirstClickMerge.isBetter(candidate, current) ? candidate : current);
        assertThat(FirstClickMerge.isBetter(current, merged)).isFalse();
        assertThat(FirstClickMerge.isBetter(candidate, merged)).isFalse();
    }

    @Property(tries = 500)
    void mergingPerClickAnswersInAnyOrderEqualsFirstClickOverAll(
            @ForAll("clickLists") List<Click> clicks, @ForAll("windows") AttributionWindow window) {
        Attribution expected = FirstClickAttribution.attribute(CHECKOUT, clicks, window);

        // Each click arrives on its own (as in the stream), in the generated (arbitrary) order.
        Attribution merged = Attribution.unattributed(CHECKOUT);
        for (Click click : clicks) {
            merged = FirstClickMerge.merge(merged, FirstClickAttribution.attribute(CHECKOUT, List.of(click), window));
        }

        assertThat(merged).isEqualTo(expected);
    }

    @Property(tries = 300)
    void mergingAnswersForPartsEqualsTheAnswerForTheWhole(
            @ForAll("clickLists") List<Click> left, @ForAll("clickLists") List<Click> right,
            @ForAll("windows") AttributionWindow window) {
        List<Click> all = new java.util.ArrayList<>(left);
        all.addAll(right);

        assertThat(FirstClickMerge.merge(
                FirstClickAttribution.attribute(CHECKOUT, left, window),
                FirstClickAttribution.attribute(CHECKOUT, right, window)))
                .isEqualTo(FirstClickAttribution.attribute(CHECKOUT, all, window));
    }

    /** Unattributed, or attributed to a click from a small pool (ties in time and id are common). */
    @Provide
    Arbitrary<Attribution> answers() {
        Arbitrary<Attribution> attributed = RuleArbitraries.clicks().map(k -> Attribution.attributedTo(CHECKOUT, k));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Attribution.unattributed(CHECKOUT))),
                net.jqwik.api.Tuple.of(4, attributed));
    }

    @Provide
    Arbitrary<List<Click>> clickLists() {
        return Arbitraries.oneOf(RuleArbitraries.clickLists(), RuleArbitraries.clickListsWithConflictingIds());
    }

    @Provide
    Arbitrary<AttributionWindow> windows() {
        return RuleArbitraries.windows();
    }
}
