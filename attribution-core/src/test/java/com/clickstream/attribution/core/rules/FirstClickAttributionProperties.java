package com.clickstream.attribution.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/** The first-click rule, for generated checkouts and clicks. */
class FirstClickAttributionProperties {

    /** An independent statement of the tie-break: (event_ts, event_id by code point). */
    private static final Comparator<Click> TS_THEN_ID = Comparator.comparing(Click::getEventTs)
            .thenComparing(c -> c.getEventId().codePoints().toArray(), Arrays::compare);

    @Property(tries = 500)
    void creditsTheSmallestCandidateOrNothing(@ForAll("checkouts") Checkout checkout,
                                              @ForAll("clickListsWithConflictingIds") List<Click> clicks,
                                              @ForAll("windows") AttributionWindow window) {
        List<Click> candidates = clicks.stream()
                .filter(k -> k.getUserId().equals(checkout.getUserId()))
                .filter(k -> !k.getEventTs().isBefore(checkout.getEventTs().minus(window.length())))
                .filter(k -> !k.getEventTs().isAfter(checkout.getEventTs()))
                .toList();

        Attribution result = FirstClickAttribution.attribute(checkout, clicks, window);

        assertThat(result.attributed()).isEqualTo(!candidates.isEmpty());
        assertThat(result.checkoutId()).isEqualTo(checkout.getEventId());
        assertThat(result.revenue()).isEqualByComparingTo(checkout.getTotalAmount());
        result.click().ifPresent(credited -> {
            Click min = candidates.stream().min(TS_THEN_ID).orElseThrow();
            assertThat(credited.clickTs()).isEqualTo(min.getEventTs());
            assertThat(credited.clickId()).isEqualTo(min.getEventId());
            assertThat(candidates).anySatisfy(k -> assertThat(AttributedClick.from(k)).isEqualTo(credited));
            assertThat(result.timeToPurchase()).hasValueSatisfying(
                    d -> assertThat(d).isBetween(Duration.ZERO, window.length()));
        });
    }

    @Property(tries = 300)
    void shuffledAndDuplicatedInputGivesTheSameAnswer(@ForAll("checkouts") Checkout checkout,
                                                       @ForAll("reorderedWithCopies") Tuple2<List<Click>, List<Click>> input,
                                                       @ForAll("windows") AttributionWindow window) {
        assertThat(FirstClickAttribution.attribute(checkout, input.get2(), window))
                .isEqualTo(FirstClickAttribution.attribute(checkout, input.get1(), window));
    }

    @Property(tries = 300)
    void windowIsInclusiveAtExactlyW(@ForAll("checkouts") Checkout checkout,
                                     @ForAll("windowLengthsMillis") long windowMillis) {
        AttributionWindow window = new AttributionWindow(Duration.ofMillis(windowMillis));
        Instant c = checkout.getEventTs();
        String user = checkout.getUserId();

        Click atStart = TestEvents.click("k-start", user, c.minusMillis(windowMillis), "google");
        Click beforeStart = TestEvents.click("k-before", user, c.minusMillis(windowMillis + 1), "google");
        Click atCheckout = TestEvents.click("k-end", user, c, "google");
        Click afterCheckout = TestEvents.click("k-after", user, c.plusMillis(1), "google");

        assertThat(FirstClickAttribution.attribute(checkout, List.of(atStart), window).attributed()).isTrue();
        assertThat(FirstClickAttribution.attribute(checkout, List.of(beforeStart), window).attributed()).isFalse();
        assertThat(FirstClickAttribution.attribute(checkout, List.of(atCheckout), window).attributed()).isTrue();
        assertThat(FirstClickAttribution.attribute(checkout, List.of(afterCheckout), window).attributed()).isFalse();
        assertThat(creditedId(FirstClickAttribution.attribute(checkout,
                List.of(afterCheckout, atCheckout, beforeStart, atStart), window))).contains("k-start");
    }

    @Property(tries = 300)
    void tiesAreResolvedByEventIdRegardlessOfOrder(@ForAll("checkouts") Checkout checkout,
                                                   @ForAll("sameMillisecondClicks") Tuple2<List<Click>, List<Click>> input) {
        String smallestId = input.get1().stream().map(Click::getEventId)
                .min(Comparator.comparing(id -> id.codePoints().toArray(), Arrays::compare)).orElseThrow();
        Checkout atTieTime = Checkout.newBuilder(checkout)
                .setUserId("u1").setEventTs(input.get1().get(0).getEventTs().plusSeconds(1)).build();

        assertThat(creditedId(FirstClickAttribution.attribute(atTieTime, input.get2(), AttributionWindow.DEFAULT)))
                .contains(smallestId);
    }

    @Property(tries = 200)
    void parsesAndFormatsWindowSettingsRoundTrip(@ForAll("windowLengthsMillis") long millis) {
        Duration length = Duration.ofMillis(millis);

        assertThat(AttributionWindow.parse(millis + "ms").length()).isEqualTo(length);
        assertThat(AttributionWindow.parse(length.toString()).length()).isEqualTo(length);
        AttributionWindow window = new AttributionWindow(length);
        assertThat(AttributionWindow.parse(window.format())).isEqualTo(window);
    }

    private static Optional<String> creditedId(Attribution attribution) {
        return attribution.click().map(AttributedClick::clickId);
    }

    @Provide
    Arbitrary<Checkout> checkouts() {
        return RuleArbitraries.checkouts();
    }

    @Provide
    Arbitrary<List<Click>> clickListsWithConflictingIds() {
        return RuleArbitraries.clickListsWithConflictingIds();
    }

    @Provide
    Arbitrary<AttributionWindow> windows() {
        return RuleArbitraries.windows();
    }

    @Provide
    Arbitrary<Long> windowLengthsMillis() {
        return Arbitraries.longs().between(1, Duration.ofHours(3).toMillis())
                .edgeCases(edges -> edges.add(Duration.ofHours(1).toMillis()));
    }

    /** A click list, and the same clicks reordered with some repeated. */
    @Provide
    Arbitrary<Tuple2<List<Click>, List<Click>>> reorderedWithCopies() {
        return RuleArbitraries.clickListsWithConflictingIds().flatMap(clicks -> {
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

    /** 1..8 clicks of user u1 with distinct ids, all in one millisecond, and a shuffle of them. */
    @Provide
    Arbitrary<Tuple2<List<Click>, List<Click>>> sameMillisecondClicks() {
        Arbitrary<List<String>> ids = RuleArbitraries.eventIds().list().ofMinSize(1).ofMaxSize(8).uniqueElements();
        return Combinators.combine(ids, RuleArbitraries.times()).as((idList, ts) -> idList.stream()
                        .map(id -> TestEvents.click(id, "u1", ts, "src-" + id)).toList())
                .flatMap(clicks -> Arbitraries.shuffle(clicks).map(shuffled -> Tuple.of(clicks, shuffled)));
    }
}
