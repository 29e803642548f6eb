package com.clickstream.attribution.reconciler.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Click;
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
}
