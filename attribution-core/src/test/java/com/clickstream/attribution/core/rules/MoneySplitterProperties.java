package com.clickstream.attribution.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class MoneySplitterProperties {

    private static final BigDecimal CENT = new BigDecimal("0.01");

    @Property(tries = 5000)
    void longDivisionOf128BitProductsEqualsBigIntegerDivision(@ForAll("below2to62") long a, @ForAll("below2to62") long u,
            @ForAll("below2to62") long extra) {
        long d = u + extra / 2 + 1; // the divisor of a split: the units' sum, at least the unit
        long[] remainder = new long[1];
        long q = MoneySplitter.divide(Math.multiplyHigh(a, u), a * u, d, remainder);
        java.math.BigInteger[] expected = java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(u))
                .divideAndRemainder(java.math.BigInteger.valueOf(d));
        assertThat(q).isEqualTo(expected[0].longValueExact());
        assertThat(remainder[0]).isEqualTo(expected[1].longValueExact());
    }

    @Provide
    Arbitrary<Long> below2to62() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, (1L << 62) - 1), Arbitraries.longs().between(0, 1L << 32),
                Arbitraries.of(0L, 1L, (1L << 31) - 1, 1L << 31, (1L << 62) - 1));
    }

    @Property
    void partsSumExactlyToTheTotalAndAreNonNegativeCents(@ForAll("amounts") BigDecimal total,
                                                         @ForAll("weights") List<BigDecimal> weights) {
        List<BigDecimal> parts = MoneySplitter.split(total, weights);

        assertThat(parts).hasSameSizeAs(weights);
        assertThat(parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(total);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.signum()).isNotNegative();
            assertThat(p.scale()).isEqualTo(2);
        });
    }

    @Property
    void eachPartIsItsExactShareRoundedDownOrUpByLessThanACent(@ForAll("amounts") BigDecimal total,
                                                                @ForAll("weights") List<BigDecimal> weights) {
        List<BigDecimal> parts = MoneySplitter.split(total, weights);
        BigDecimal sum = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);

        for (int i = 0; i < parts.size(); i++) {
            BigDecimal exact = total.multiply(weights.get(i)).divide(sum, MathContext.DECIMAL128);
            assertThat(parts.get(i).subtract(exact).abs()).isLessThan(CENT);
            if (weights.get(i).signum() == 0) {
                assertThat(parts.get(i)).isEqualByComparingTo(BigDecimal.ZERO);
            }
        }
    }

    @Property
    void equalWeightsNeverGiveALaterPartMore(@ForAll("amounts") BigDecimal total,
                                             @ForAll @IntRange(min = 1, max = 12) int n) {
        List<BigDecimal> parts = MoneySplitter.split(total, java.util.Collections.nCopies(n, BigDecimal.ONE));

        for (int i = 1; i < n; i++) {
            assertThat(parts.get(i - 1)).isGreaterThanOrEqualTo(parts.get(i));
            assertThat(parts.get(0).subtract(parts.get(i))).isLessThanOrEqualTo(CENT);
        }
    }

    @Property
    void onlyTheRatiosOfTheWeightsMatter(@ForAll("amounts") BigDecimal total,
                                         @ForAll("weights") List<BigDecimal> weights,
                                         @ForAll @IntRange(min = 1, max = 1000) int factor) {
        List<BigDecimal> scaled = weights.stream().map(w -> w.multiply(BigDecimal.valueOf(factor))).toList();

        assertThat(MoneySplitter.split(total, scaled)).isEqualTo(MoneySplitter.split(total, weights));
    }

    /** The long-arithmetic path gives exactly (value and scale) what the BigInteger path gives, at any scale. */
    @Property
    void theLongPathEqualsTheBigIntegerPath(@ForAll("amounts") BigDecimal total,
                                            @ForAll("weights") List<BigDecimal> weights,
                                            @ForAll @IntRange(min = 2, max = 6) int scale) {
        int weightScale = weights.stream().mapToInt(w -> Math.max(w.stripTrailingZeros().scale(), 0)).max().orElse(0);
        BigDecimal amount = total.setScale(scale);

        assertThat(MoneySplitter.split(total, scale, weights))
                .isEqualTo(MoneySplitter.splitExact(amount.unscaledValue(), scale, weights, weightScale));
    }

    @Provide
    Arbitrary<BigDecimal> amounts() {
        return RuleArbitraries.amounts();
    }

    /** 1..10 non-negative weights of mixed scale, not all zero. */
    @Provide
    Arbitrary<List<BigDecimal>> weights() {
        Arbitrary<BigDecimal> weight = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(BigDecimal.ZERO)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 5).map(BigDecimal::valueOf)),
                net.jqwik.api.Tuple.of(3, Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("1000"))
                        .ofScale(6)));
        return weight.list().ofMinSize(1).ofMaxSize(10).filter(ws -> ws.stream().anyMatch(w -> w.signum() > 0));
    }
}
