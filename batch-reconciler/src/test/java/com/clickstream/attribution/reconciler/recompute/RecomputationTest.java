package com.clickstream.attribution.reconciler.recompute;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.BucketSpill;
import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recompute (spill, deduplication, window slicing) gives exactly attribution-core's answer over all of
 * a user's raw clicks, including copies of one click id with different times.
 */
class RecomputationTest {

    @TempDir
    Path dir;

    static final Instant DAY = Instant.parse("2024-03-01T00:00:00Z");
    static final ReconciliationParameters RANGE = ReconciliationParameters.fromOptions(
            Map.of("from", "2024-03-01T06:00:00Z", "to", "2024-03-01T18:00:00Z", "window", "45m"), Clock.systemUTC());

    @RepeatedTest(20)
    void answersEqualTheCoreRuleOverAllClicks(RepetitionInfo repetition) {
        SplittableRandom random = new SplittableRandom(repetition.getCurrentRepetition());
        List<Click> clicks = new ArrayList<>();
        List<Checkout> checkouts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // coarse times make ties and exact window boundaries likely
            Instant ts = DAY.plusSeconds(60L * 15 * random.nextInt(96));
            if (random.nextInt(4) == 0) {
                checkouts.add(checkout("o" + i, "u1", ts, "10.00"));
            } else {
                clicks.add(click("k" + random.nextInt(40), "u1", ts, random.nextBoolean() ? "google" : "email"));
            }
        }
        UserEvents user = user(clicks, checkouts);

        UserReconciliation result = new Recomputation(RANGE).recompute(user, new RollupTotals());

        List<Checkout> inRange = checkouts.stream().filter(c -> !c.getEventTs().isBefore(RANGE.from())
                && c.getEventTs().isBefore(RANGE.to())).toList();
        assertThat(result.checkouts()).hasSameSizeAs(inRange.stream().map(Checkout::getEventId).distinct().toList());
        for (RecomputedCheckout answer : result.checkouts()) {
            Checkout c = answer.checkout().event();
            assertThat(answer.answer()).isEqualTo(FirstClickAttribution.attribute(c, clicks, RANGE.window()));
        }
    }

    @Test
    void rollupCreditsAddUpToTheRevenueOfTheRollupDaysUnderEveryModel() {
        List<Click> clicks = List.of(click("k1", "u1", DAY.plusSeconds(3_000), "google"),
                click("k2", "u1", DAY.plusSeconds(3_300), "email"));
        List<Checkout> checkouts = List.of(checkout("o-early", "u1", DAY.plusSeconds(3_600), "10.00"),
                checkout("o-in", "u1", DAY.plusSeconds(7 * 3_600), "20.01"));
        RollupTotals totals = new RollupTotals();
        new Recomputation(RANGE).recompute(user(clicks, checkouts), totals);
        for (AttributionModel m : AttributionModel.values()) {
            String model = m.dbName();
            BigDecimal sum = totals.credited().entrySet().stream().filter(e -> e.getKey().model().equals(model))
                    .map(e -> e.getValue().revenue()).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(sum).as(model).isEqualByComparingTo("30.01"); // o-early is before `from` but on the same day
        }
        assertThat(totals.clicks().values().stream().mapToLong(RollupTotals.Counts::clicks).sum()).isEqualTo(2);
        // each checkout on one path: o-early's touches google, email; o-in has none in its window
        LocalDate day = LocalDate.ofInstant(DAY, ZoneOffset.UTC);
        assertThat(totals.paths()).isEqualTo(Map.of(
                new RollupTotals.PathKey(day, "google > email"), new RollupTotals.Converted(1, new BigDecimal("10.00")),
                new RollupTotals.PathKey(day, "unattributed"), new RollupTotals.Converted(1, new BigDecimal("20.01"))));
    }

    /** The user as the job sees it: through a spill file and BucketEvents (deduplication included). */
    private UserEvents user(List<Click> clicks, List<Checkout> checkouts) {
        try (BucketSpill.Writer spill = new BucketSpill.Writer(dir, 1)) {
            clicks.forEach(c -> spill.click(c, DAY));
            checkouts.forEach(c -> spill.checkout(c, DAY));
        }
        return BucketEvents.load(BucketSpill.file(dir, 0)).users().get(0);
    }
}
