package com.clickstream.attribution.faults;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The table a stream left before the reconciler runs: the rule's answer for most checkouts, and for a
 * known set a wrong state whose correction reason follows from docs/reconciler.md's table ("Correction
 * reasons"), so a test can demand exactly one ledger row per such checkout, with that reason:
 * <ul>
 *   <li>missing row: {@code late_checkout} when the checkout is known late (its first arrival hour starts
 *       more than the lateness after its event time), else {@code missed_by_stream};</li>
 *   <li>revenue off by 1.00: {@code duplicate} when the raw history holds several copies, else
 *       {@code missed_by_stream};</li>
 *   <li>credited to a click older than the window: {@code rule_change};</li>
 *   <li>unattributed although a click matches: {@code late_click} when that click is known late or
 *       first arrived in a later hour than the checkout, else {@code missed_by_stream}.</li>
 * </ul>
 */
final class ReconcilerSeed {

    private final List<Attribution> rows = new ArrayList<>();
    private final Map<String, String> expectedReasons = new TreeMap<>();
    private final Map<String, Integer> faults = new TreeMap<>();

    private ReconcilerSeed() {
    }

    /** About a quarter of the checkouts get one of the four wrong states, drawn with {@code seed}. */
    static ReconcilerSeed plan(ReconcilerHistory history, Map<String, Attribution> answers, AttributionWindow window,
            Duration lateness, long seed) {
        ReconcilerSeed plan = new ReconcilerSeed();
        Random random = new Random(seed);
        for (Attribution answer : answers.values()) {
            String id = answer.checkoutId();
            int draw = random.nextInt(100);
            boolean copied = history.copiesOfCheckout(id) > 1;
            if (draw < 7) {
                boolean late = knownLate(history.firstArrivalHour(id, false), answer.checkoutTs(), lateness);
                plan.expect(id, late ? "late_checkout" : "missed_by_stream", "missing row");
            } else if (draw < 13 || (copied && draw < 60)) {
                plan.rows.add(new Attribution(id, answer.userId(), answer.checkoutTs(), answer.revenue().add(BigDecimal.ONE),
                        answer.currency(), answer.click()));
                plan.expect(id, copied ? "duplicate" : "missed_by_stream", "revenue off");
            } else if (draw < 19) {
                Instant stale = window.earliestClickTs(answer.checkoutTs()).minus(Duration.ofMinutes(1));
                plan.rows.add(answer.withClick(new AttributedClick("k-stale-" + id, stale, "stale_source", null, "desktop",
                        "p-stale", "cat-stale")));
                plan.expect(id, "rule_change", "click outside the window");
            } else if (draw < 25 && answer.click().isPresent()) {
                AttributedClick click = answer.click().get();
                Instant clickHour = history.firstArrivalHour(click.clickId(), true);
                boolean late = knownLate(clickHour, click.clickTs(), lateness)
                        || clickHour.isAfter(history.firstArrivalHour(id, false));
                Checkout checkout = history.checkout(id);
                plan.rows.add(Attribution.unattributed(checkout));
                plan.expect(id, late ? "late_click" : "missed_by_stream", "unattributed");
            } else {
                plan.rows.add(answer);
            }
        }
        return plan;
    }

    private void expect(String id, String reason, String fault) {
        expectedReasons.put(id, reason);
        faults.merge(fault, 1, Integer::sum);
    }

    /** docs/reconciler.md: known late = the first arrival hour starts more than the lateness after the event time. */
    private static boolean knownLate(Instant arrivalHour, Instant eventTs, Duration lateness) {
        return Duration.between(eventTs, arrivalHour).compareTo(lateness) > 0;
    }

    /** The stream's rows to seed (every answer except the missing ones, some of them wrong). */
    List<Attribution> rows() {
        return rows;
    }

    /** Checkout id -> the reason its one ledger row must carry; every other checkout must get none. */
    Map<String, String> expectedReasons() {
        return expectedReasons;
    }

    /** How many checkouts got each wrong state, for the log. */
    Map<String, Integer> faults() {
        return faults;
    }
}
