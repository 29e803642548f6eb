package com.clickstream.attribution.core.rules.multitouch;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.CandidateClicks;
import com.clickstream.attribution.core.rules.RuleArbitraries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Conversion paths for generated checkouts and clicks. */
class ConversionPathProperties {

    @Property(tries = 500)
    void theSameFromEveryModelsCreditsAndFromTheCandidatesSources(
            @ForAll("checkouts") Checkout checkout, @ForAll("clickLists") List<Click> clicks,
            @ForAll("models") MultiTouchAttribution models) {
        List<String> sources = CandidateClicks.of(checkout, clicks, models.window()).stream()
                .map(Click::getTrafficSource).toList();
        String path = ConversionPath.of(sources);

        models.creditAllModels(checkout, clicks).forEach((model, credits) ->
                assertThat(ConversionPath.ofCredits(credits)).as(model.dbName()).isEqualTo(path));
    }

    @Property(tries = 500)
    void stepsAreTheSourcesWithoutConsecutiveRepeats(@ForAll("sourceLists") List<String> sources) {
        String path = ConversionPath.of(sources);
        if (sources.isEmpty()) {
            assertThat(path).isEqualTo("unattributed");
            return;
        }
        List<String> steps = List.of(path.split(" > ", -1));
        List<String> collapsed = new ArrayList<>();
        for (String s : sources) {
            if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(s)) {
                collapsed.add(s);
            }
        }
        if (collapsed.size() <= ConversionPath.MAX_STEPS) {
            assertThat(steps).isEqualTo(collapsed);
        } else {
            assertThat(steps).hasSize(ConversionPath.MAX_STEPS + 1);
            assertThat(steps.get(0)).isEqualTo(ConversionPath.TRUNCATED);
            assertThat(steps.subList(1, steps.size())).isEqualTo(collapsed.subList(collapsed.size() - ConversionPath.MAX_STEPS,
                    collapsed.size()));
        }
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i)).isNotEqualTo(steps.get(i - 1));
        }
        // repeating any step in place changes nothing
        List<String> stuttered = new ArrayList<>();
        sources.forEach(s -> stuttered.addAll(Collections.nCopies(2, s)));
        assertThat(ConversionPath.of(stuttered)).isEqualTo(path);
    }

    @Provide
    Arbitrary<List<String>> sourceLists() {
        return Arbitraries.of("google", "email", "direct").list().ofMaxSize(30);
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
        return RuleArbitraries.windows().map(MultiTouchAttribution::withWindow);
    }
}
