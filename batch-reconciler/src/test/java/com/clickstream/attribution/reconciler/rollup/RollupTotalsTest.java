package com.clickstream.attribution.reconciler.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.multitouch.MultiTouchAttribution;
import com.clickstream.attribution.reconciler.curated.CuratedRows;
import java.math.BigDecimal;
import com.clickstream.attribution.reconciler.support.Events;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Click rollups count distinct (user, session) pairs and users per group, so partitions' totals add up. */
class RollupTotalsTest {

    static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

    static Click click(String id, String user, String session, String source, String product) {
        return Click.newBuilder(Events.click(id, user, T, source, product)).setSessionId(session).build();
    }

    @Test
    void sessionsAndUsersAreDistinctPerGroupAndAddUpAcrossUsers() {
        RollupTotals a = new RollupTotals();
        a.addUserClicks(List.of(click("k1", "u1", "s1", "google", "p1"), click("k2", "u1", "s1", "google", "p2"),
                click("k3", "u1", "s2", "google", "p1")));
        RollupTotals b = new RollupTotals();
        b.addUserClicks(List.of(click("k4", "u2", "s1", "google", "p1"))); // same session id, another user

        a.addAll(b);

        RollupTotals.Counts google = a.clicks().get(new RollupTotals.ClickKey(LocalDate.parse("2024-03-01"), "google", "mobile"));
        assertThat(google).isEqualTo(new RollupTotals.Counts(4, 3, 2));
        RollupTotals.Counts p1 = a.productClicks().get(new RollupTotals.ProductKey(LocalDate.parse("2024-03-01"), "p1"));
        assertThat(p1.clicks()).isEqualTo(3);
        assertThat(p1.sessions()).isEqualTo(3);
        assertThat(a.categoryOf(new RollupTotals.ProductKey(LocalDate.parse("2024-03-01"), "p1"))).isEqualTo("cat-p1");
    }

    @Test
    void checkoutsCountUnderTheirNumberOfTouchesAndSurviveTheCuratedPartials() {
        MultiTouchAttribution models = MultiTouchAttribution.withWindow(AttributionWindow.DEFAULT);
        Checkout twoTouches = Events.checkout("o1", "u1", T.plusSeconds(600), "30.00");
        Checkout none = Events.checkout("o2", "u2", T.plusSeconds(600), "12.50");
        List<Click> clicks = List.of(click("k1", "u1", "s1", "google", "p1"),
                Click.newBuilder(click("k2", "u1", "s1", "email", "p2")).setEventTs(T.plusSeconds(60)).build(),
                Click.newBuilder(click("k2", "u1", "s1", "email", "p2")).setEventTs(T.plusSeconds(60)).build()); // a copy
        RollupTotals totals = new RollupTotals();
        LocalDate day = LocalDate.parse("2024-03-01");
        totals.addCredits(day, models.creditAllModels(twoTouches, clicks));
        totals.addCredits(day, models.creditAllModels(none, List.of()));
        totals.addCredits(day, models.creditAllModels(Events.checkout("o3", "u1", T.plusSeconds(900), "5.00"), clicks));

        assertThat(totals.touches()).containsOnly(
                java.util.Map.entry(new RollupTotals.TouchesKey(day, 2), new RollupTotals.Credited(new BigDecimal("35.00"), BigDecimal.valueOf(2))),
                java.util.Map.entry(new RollupTotals.TouchesKey(day, 0), new RollupTotals.Credited(new BigDecimal("12.50"), BigDecimal.ONE)));

        RollupTotals readBack = new RollupTotals();
        CuratedRows.rollupPartials(7, totals).forEach(row -> CuratedRows.addTo(readBack, row));
        assertThat(readBack.touches()).isEqualTo(totals.touches());
    }
}
