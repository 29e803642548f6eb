package com.clickstream.attribution.core.rules.multitouch;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.rules.MoneySplitter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The integer weights ({@link TouchWeights#units}, what {@link MultiTouchAttribution} splits by) give exactly the
 * cents and shares of the decimal weights ({@link TouchWeights#of}, the rule as written), for every model.
 */
class TouchWeightUnitsProperties {

    private static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");

    @Property(tries = 2000)
    void integerWeightsSplitExactlyAsTheDecimalWeights(@ForAll("touchTimes") List<Instant> times,
            @ForAll("halfLives") Duration halfLife, @ForAll("totals") BigDecimal total, @ForAll long sourceSeed) {
        List<String> sources = sources(times.size(), sourceSeed);
        for (AttributionModel model : AttributionModel.values()) {
            long[] units = TouchWeights.units(model, times, sources, halfLife);
            List<BigDecimal> weights = TouchWeights.of(model, times, sources, halfLife);
            if (units == null) {
                assertThat(model).isEqualTo(AttributionModel.TIME_DECAY); // only extreme decays have none
                continue;
            }
            assertThat(MoneySplitter.splitUnits(total, 2, units)).as(model.dbName())
                    .isEqualTo(MoneySplitter.split(total, weights));
            assertThat(MoneySplitter.splitUnits(BigDecimal.ONE, Credit.SHARE_SCALE, units)).as(model.dbName() + " shares")
                    .isEqualTo(MoneySplitter.split(BigDecimal.ONE, Credit.SHARE_SCALE, weights));
        }
    }

    @Property(tries = 200)
    void theDefaultWindowAndHalfLifeAlwaysHaveIntegerWeights(@ForAll("windowTimes") List<Instant> times) {
        assertThat(TouchWeights.units(AttributionModel.TIME_DECAY, times, sources(times.size(), times.size()),
                MultiTouchAttribution.DEFAULT_TIME_DECAY_HALF_LIFE)).isNotNull();
    }

    /** Touch sources, direct or not (only last non-direct click looks at them), all direct for some seeds. */
    private static List<String> sources(int n, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        boolean allDirect = random.nextInt(4) == 0;
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> allDirect || random.nextBoolean() ? DirectTraffic.SOURCE : "google").toList();
    }

    @Provide
    Arbitrary<List<Instant>> touchTimes() {
        // seconds to weeks apart (decays from none to underflow), sorted as touches are; ties included
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 3_600_000L), Arbitraries.longs().between(0, 30L * 86_400_000L),
                        Arbitraries.of(0L, 1L, 1_800_000L))
                .list().ofMinSize(1).ofMaxSize(12)
                .map(offsets -> offsets.stream().sorted().map(T0::plusMillis).toList());
    }

    @Provide
    Arbitrary<List<Instant>> windowTimes() {
        return Arbitraries.longs().between(0, 3_600_000L).list().ofMinSize(1).ofMaxSize(50)
                .map(offsets -> offsets.stream().sorted().map(T0::plusMillis).toList());
    }

    @Provide
    Arbitrary<Duration> halfLives() {
        return Arbitraries.oneOf(Arbitraries.of(MultiTouchAttribution.DEFAULT_TIME_DECAY_HALF_LIFE),
                Arbitraries.longs().between(1, 7L * 86_400_000L).map(Duration::ofMillis));
    }

    @Provide
    Arbitrary<BigDecimal> totals() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 100_000_000L),
                        Arbitraries.longs().between(0, Long.MAX_VALUE / 4))
                .map(cents -> BigDecimal.valueOf(cents, 2));
    }
}
