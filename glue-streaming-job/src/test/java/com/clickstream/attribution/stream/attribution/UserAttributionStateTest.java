package com.clickstream.attribution.stream.attribution;

import static com.clickstream.attribution.stream.TestEvents.checkout;
import static com.clickstream.attribution.stream.TestEvents.click;
import static com.clickstream.attribution.stream.TestEvents.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.core.rules.FirstClickMerge;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-user rules without Spark: one named case per rule, plus a randomized agreement check. */
class UserAttributionStateTest {

    private static final AttributionWindow W = AttributionWindow.DEFAULT;
    private static final long NO_WATERMARK = 0;

    private final UserAttributionState state = new UserAttributionState();

    @Test
    void newCheckoutIsAnsweredAtOnceWithItsItems() {
        Checkout o1 = checkout("o-1", "u1", minutes(60), "10.00");
        UserAttributionState.Step step = state.apply(List.of(), List.of(o1), NO_WATERMARK, W);

        assertThat(step.answers()).singleElement().satisfies(a -> {
            assertThat(a.attribution().attributed()).isFalse();
            assertThat(a.newCheckout()).isEqualTo(o1);
        });
    }

    @Test
    void laterClickUpgradesOnlyWhenStrictlyBetter() {
        state.apply(List.of(click("k-2", "u1", minutes(55), "email")), List.of(checkout("o-1", "u1", minutes(60), "1.00")),
                NO_WATERMARK, W);

        UserAttributionState.Step earlier = state.apply(List.of(click("k-1", "u1", minutes(50), "google")), List.of(),
                NO_WATERMARK, W);
        UserAttributionState.Step later = state.apply(List.of(click("k-3", "u1", minutes(52), "facebook")), List.of(),
                NO_WATERMARK, W);

        assertThat(earlier.answers()).singleElement().satisfies(a -> {
            assertThat(a.attribution().click().orElseThrow().clickId()).isEqualTo("k-1");
            assertThat(a.newCheckout()).isNull();
        });
        assertThat(later.answers()).isEmpty();
    }

    @Test
    void eventsAtOrBehindTheWatermarkAreLateAndChangeNothing() {
        state.apply(List.of(), List.of(checkout("o-1", "u1", minutes(60), "1.00")), NO_WATERMARK, W);
        long watermark = minutes(55).toEpochMilli();

        UserAttributionState.Step step = state.apply(
                List.of(click("k-at", "u1", minutes(55), "google"), click("k-before", "u1", minutes(54), "google")),
                List.of(checkout("o-late", "u1", minutes(30), "1.00")), watermark, W);

        assertThat(step.late()).isEqualTo(3);
        assertThat(step.answers()).isEmpty();
        assertThat(state.clickCount()).isZero();
    }

    @Test
    void copiesCountOnceWithinABatchAndAcrossBatches() {
        Click k1 = click("k-1", "u1", minutes(50), "google");
        Checkout o1 = checkout("o-1", "u1", minutes(60), "1.00");
        UserAttributionState.Step first = state.apply(List.of(k1, k1), List.of(o1, o1), NO_WATERMARK, W);
        UserAttributionState.Step again = state.apply(List.of(k1), List.of(o1), NO_WATERMARK, W);

        assertThat(first.answers()).hasSize(1);
        assertThat(first.duplicates()).isEqualTo(2);
        assertThat(again.answers()).isEmpty();
        assertThat(again.duplicates()).isEqualTo(2);
    }

    @Test
    void evictionForgetsCheckoutsAtTheWatermarkAndClicksAWindowBehindIt() {
        state.apply(List.of(click("k-old", "u1", minutes(0), "google"), click("k-new", "u1", minutes(30), "google")),
                List.of(checkout("o-1", "u1", minutes(40), "1.00")), NO_WATERMARK, W);

        state.evict(minutes(40).toEpochMilli(), W);
        assertThat(state.checkoutCount()).isZero();
        assertThat(state.clickCount()).isEqualTo(2); // 0m > 40m - 1h: could still be credited

        state.evict(minutes(60).toEpochMilli(), W);
        assertThat(state.clickCount()).isEqualTo(1);
        state.evict(minutes(90).toEpochMilli(), W);
        assertThat(state.isEmpty()).isTrue();
    }

    @Test
    void survivesTheStateCodecAsSparkStoresIt() {
        state.apply(List.of(click("k-1", "u1", minutes(50), "google")), List.of(checkout("o-1", "u1", minutes(60), "1.00")),
                NO_WATERMARK, W);
        UserAttributionState copy = StateCodec.current().decode(StateCodec.current().encode(state));
        assertThat(copy.apply(List.of(click("k-0", "u1", minutes(40), "email")), List.of(), NO_WATERMARK, W).answers())
                .singleElement().satisfies(a -> assertThat(a.attribution().trafficSource()).isEqualTo("email"));
    }

    /**
     * Any split of one user's events into batches (no watermark), answers merged with the min rule
     * as the upsert does, gives FirstClickAttribution over all events.
     */
    @Test
    void batchesInAnyOrderMergeToTheReferenceAnswer() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<Object> events = new ArrayList<>();
            List<Click> clicks = new ArrayList<>();
            List<Checkout> checkouts = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                Click c = click("k-" + random.nextInt(6), "u1", minutes(random.nextInt(150)), "s" + i);
                clicks.add(c);
                events.add(c);
            }
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                Checkout o = checkout("o-" + i, "u1", minutes(60 + random.nextInt(90)), "1.00");
                checkouts.add(o);
                events.add(o);
            }
            // Same id must mean the same event: keep the first click per id.
            Map<String, Click> byId = new HashMap<>();
            clicks.forEach(c -> byId.putIfAbsent(c.getEventId(), c));
            events.replaceAll(e -> e instanceof Click c ? byId.get(c.getEventId()) : e);
            Collections.shuffle(events, random);

            UserAttributionState s = new UserAttributionState();
            Map<String, Attribution> table = new HashMap<>();
            int from = 0;
            while (from < events.size()) {
                int to = from + 1 + random.nextInt(events.size() - from);
                List<Click> bc = new ArrayList<>();
                List<Checkout> bo = new ArrayList<>();
                events.subList(from, to).forEach(e -> {
                    if (e instanceof Click c) {
                        bc.add(c);
                    } else {
                        bo.add((Checkout) e);
                    }
                });
                for (UserAttributionState.Answer a : s.apply(bc, bo, NO_WATERMARK, W).answers()) {
                    table.merge(a.attribution().checkoutId(), a.attribution(), FirstClickMerge::merge);
                }
                from = to;
            }
            for (Checkout o : checkouts) {
                assertThat(table.get(o.getEventId())).as("round %d, %s", round, o.getEventId())
                        .isEqualTo(FirstClickAttribution.attribute(o, byId.values(), W));
            }
        }
    }
}
