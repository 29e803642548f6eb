package com.clickstream.attribution.core.rules;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Small generators for the rule properties: few users, few ids, times on a minute grid (plus or
 * minus a millisecond) within a few hours, so that ties, boundaries, duplicates and other users'
 * clicks are common and a failing case shrinks to a handful of events.
 */
public final class RuleArbitraries {

    /** All generated times lie in [BASE, BASE + 4h]. */
    public static final Instant BASE = Instant.parse("2024-03-01T09:00:00Z");

    private RuleArbitraries() {
    }

    public static Arbitrary<String> users() {
        return Arbitraries.of("u1", "u2", "u3");
    }

    /** A small pool, so that the same id appears twice: copies of one event, or (rarely) conflicting records. */
    public static Arbitrary<String> eventIds() {
        return Arbitraries.of("k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k10", "K1", "k\uFFFD", "k\uD83D\uDE00");
    }

    /** Minutes 0..240 after BASE, sometimes 1 ms off the grid. */
    public static Arbitrary<Instant> times() {
        Arbitrary<Long> minutes = Arbitraries.longs().between(0, 240);
        Arbitrary<Long> jitter = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, 0L), net.jqwik.api.Tuple.of(1, -1L), net.jqwik.api.Tuple.of(1, 1L));
        return Combinators.combine(minutes, jitter)
                .as((m, j) -> BASE.plus(Duration.ofMinutes(m)).plusMillis(j));
    }

    public static Arbitrary<BigDecimal> amounts() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("10000.00")).ofScale(2);
    }

    public static Arbitrary<AttributionWindow> windows() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(AttributionWindow.DEFAULT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("1ms", "30m", "90m", "3h").map(AttributionWindow::parse)));
    }

    public static Arbitrary<Click> clicks() {
        Arbitrary<String> sources = Arbitraries.of("google", "facebook", "email", "direct");
        Arbitrary<String> campaigns = Arbitraries.of("c1", "c2").injectNull(0.3);
        Arbitrary<String> devices = Arbitraries.of("desktop", "mobile");
        return Combinators.combine(eventIds(), users(), times(), sources, campaigns, devices)
                .as((id, user, ts, source, campaign, device) ->
                        TestEvents.click(id, user, ts, source, campaign, device, "p-" + source, "cat-" + device));
    }

    /** Clicks that may repeat ids; copies of a click are exact copies (as real duplicates are). */
    public static Arbitrary<List<Click>> clickLists() {
        return clicks().list().ofMaxSize(10).uniqueElements(Click::getEventId)
                .flatMap(unique -> Arbitraries.integers().between(0, Math.max(0, unique.size() - 1)).list()
                        .ofMaxSize(unique.isEmpty() ? 0 : 4)
                        .map(copies -> {
                            List<Click> all = new ArrayList<>(unique);
                            copies.forEach(i -> all.add(Click.newBuilder(unique.get(i)).build()));
                            return all;
                        }));
    }

    /** Clicks whose ids may collide with different content: the rule must still give one answer. */
    public static Arbitrary<List<Click>> clickListsWithConflictingIds() {
        return clicks().list().ofMaxSize(12);
    }

    /** Checkouts at minutes 60..240 after BASE, so windows up to an hour lie inside the generated times. */
    public static Arbitrary<Checkout> checkouts() {
        Arbitrary<Instant> ts = Arbitraries.longs().between(60, 240).map(m -> BASE.plus(Duration.ofMinutes(m)));
        return Combinators.combine(users(), ts, amounts())
                .as((user, t, amount) -> TestEvents.checkout("o-1", user, t, amount.toPlainString()));
    }
}
