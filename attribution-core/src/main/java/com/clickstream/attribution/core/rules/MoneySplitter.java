package com.clickstream.attribution.core.rules;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Splits an amount into parts proportional to weights, in whole cents, so that the parts add up to
 * the amount exactly.
 *
 * <p>The rule (largest-remainder method): each part first gets its exact share
 * {@code total * w_i / sum(w)} rounded down to the cent. The cents still missing (fewer than the
 * number of parts) go one each to the parts with the largest dropped remainders; between equal
 * remainders the earlier part (the earlier touch) gets the cent. A part with weight zero gets
 * nothing. A zero total gives all zeros.
 *
 * <p>The same rule splits in finer units too ({@link #split(BigDecimal, int, List)}): the
 * multi-touch credits use it to split one checkout into shares of ten-thousandths.
 *
 * <p>The arithmetic is exact (weights are turned into exact decimals, then integers), so the same
 * inputs give the same cents on every machine and JDK.
 */
public final class MoneySplitter {

    private MoneySplitter() {
    }

    /**
     * Parts of {@code total} proportional to {@code weights}, in cents, in the order of the weights.
     *
     * @param total   non-negative, at most two decimal places
     * @param weights one or more non-negative weights, not all zero
     * @return one scale-2 amount per weight; they sum to {@code total} exactly
     * @throws IllegalArgumentException on a negative total, more than two decimal places, no
     *                                  weights, a negative weight or only zero weights
     */
    public static List<BigDecimal> split(BigDecimal total, List<BigDecimal> weights) {
        return split(Money.requireCents(total, "total"), Money.SCALE, weights);
    }

    /**
     * The same rule in units of {@code 10^-scale} instead of cents: parts of {@code total} at
     * {@code scale}, summing to {@code total} exactly. For example {@code split(1, 4, weights)} gives
     * shares of one checkout in ten-thousandths that add up to exactly {@code 1.0000}.
     *
     * @throws IllegalArgumentException as {@link #split(BigDecimal, List)}, with "more than
     *                                  {@code scale} decimal places" in place of two
     */
    public static List<BigDecimal> split(BigDecimal total, int scale, List<BigDecimal> weights) {
        BigDecimal amount = amount(total, scale);
        Objects.requireNonNull(weights, "weights");
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("need at least one weight to split " + total);
        }
        for (BigDecimal w : weights) {
            if (Objects.requireNonNull(w, "weight").signum() < 0) {
                throw new IllegalArgumentException("weights must not be negative: " + weights);
            }
        }

        // Scale all weights to one common scale, so they become integers with the same ratios.
        int weightScale = 0;
        for (BigDecimal w : weights) {
            weightScale = Math.max(weightScale, Math.max(w.stripTrailingZeros().scale(), 0));
        }
        BigInteger totalUnits = amount.unscaledValue();
        long[] small = smallUnits(weights, weightScale, totalUnits);
        List<BigDecimal> result = small != null ? splitSmall(totalUnits.longValue(), scale, small, weights)
                : splitExact(totalUnits, scale, weights, weightScale);
        return List.copyOf(result);
    }

    /**
     * The same rule for weights given as non-negative integers {@code units} (only their ratios matter, as for
     * decimal weights): parts of {@code total} at {@code scale}. {@code split(total, scale, weights)} equals
     * {@code splitUnits(total, scale, units)} whenever the units are the weights times one common positive
     * factor; callers that can produce integer weights directly (for example the exact binary value of a
     * {@code double}, see {@code TouchWeights.units}) skip the decimal conversion, which dominates the cost of
     * splitting by non-terminating binary fractions.
     *
     * @throws IllegalArgumentException as {@link #split(BigDecimal, int, List)}
     */
    public static List<BigDecimal> splitUnits(BigDecimal total, int scale, long[] units) {
        Objects.requireNonNull(units, "units");
        BigDecimal amount = amount(total, scale);
        if (units.length == 0) {
            throw new IllegalArgumentException("need at least one weight to split " + total);
        }
        // the total as a long when it fits (a compact BigDecimal: no BigInteger made), else -1
        long totalUnits = amount.precision() <= 18 ? amount.movePointRight(scale).longValueExact() : -1;
        boolean small = totalUnits >= 0 && totalUnits < (1L << 31);
        for (long u : units) {
            if (u < 0) {
                throw new IllegalArgumentException("weights must not be negative: " + java.util.Arrays.toString(units));
            }
            small &= u < (1L << 31);
        }
        if (small) {
            return List.copyOf(splitSmall(totalUnits, scale, units, units));
        }
        List<BigDecimal> wide = totalUnits >= 0 && totalUnits < (1L << 62) ? splitWide(totalUnits, scale, units) : null;
        if (wide != null) {
            return List.copyOf(wide);
        }
        BigInteger[] big = new BigInteger[units.length];
        for (int i = 0; i < units.length; i++) {
            big[i] = BigInteger.valueOf(units[i]);
        }
        return List.copyOf(splitExact(amount.unscaledValue(), scale, big, units));
    }

    /** {@code total} at {@code scale}, or why it cannot be split. */
    private static BigDecimal amount(BigDecimal total, int scale) {
        Objects.requireNonNull(total, "total");
        if (total.signum() < 0) {
            throw new IllegalArgumentException("total must not be negative, was " + total);
        }
        try {
            return total.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("total must have at most " + scale + " decimal places, was " + total, e);
        }
    }

    /**
     * The weights as integers at {@code weightScale} when total and every unit are below 2^31, so products
     * (below 2^62) and their sum fit in a long (the common case: cents and simple weights), else null (the
     * BigInteger path decides).
     */
    private static long[] smallUnits(List<BigDecimal> weights, int weightScale, BigInteger totalUnits) {
        if (totalUnits.bitLength() > 31) {
            return null;
        }
        long[] units = new long[weights.size()];
        for (int i = 0; i < units.length; i++) {
            BigInteger unit = weights.get(i).setScale(weightScale).unscaledValue();
            if (unit.bitLength() > 31) {
                return null;
            }
            units[i] = unit.longValue();
        }
        return units;
    }

    /** The same rule as {@link #splitExact} in long arithmetic (every product below 2^62). */
    private static List<BigDecimal> splitSmall(long totalUnits, int scale, long[] units, Object weights) {
        long unitSum = 0;
        for (long u : units) {
            unitSum += u;
        }
        if (unitSum == 0) {
            throw new IllegalArgumentException("weights must not all be zero: " + weightsText(weights));
        }
        int n = units.length;
        long[] parts = new long[n];
        long[] remainders = new long[n];
        long handedOut = 0;
        for (int i = 0; i < n; i++) {
            long product = totalUnits * units[i];
            parts[i] = product / unitSum;
            remainders[i] = product % unitSum;
            handedOut += parts[i];
        }
        return handOut(totalUnits - handedOut, parts, remainders, scale);
    }

    /**
     * The same rule as {@link #splitExact} with 128-bit products of longs (time-decay units are up to 62 bits),
     * or null when the units' sum does not fit in a long (the BigInteger path decides).
     */
    private static List<BigDecimal> splitWide(long totalUnits, int scale, long[] units) {
        long unitSum = 0;
        for (long u : units) {
            unitSum += u;
            if (unitSum < 0) {
                return null;
            }
        }
        if (unitSum == 0) {
            throw new IllegalArgumentException("weights must not all be zero: " + weightsText(units));
        }
        int n = units.length;
        long[] parts = new long[n];
        long[] remainders = new long[n];
        long handedOut = 0;
        long[] remainder = new long[1];
        for (int i = 0; i < n; i++) {
            // totalUnits * units[i] < 2^125 and the quotient is at most totalUnits: it fits
            parts[i] = divide(Math.multiplyHigh(totalUnits, units[i]), totalUnits * units[i], unitSum, remainder);
            remainders[i] = remainder[0];
            handedOut += parts[i];
        }
        return handOut(totalUnits - handedOut, parts, remainders, scale);
    }

    /** Gives the {@code missing} units one each to the largest remainders (the smaller index first among equal ones). */
    private static List<BigDecimal> handOut(long missing, long[] parts, long[] remainders, int scale) {
        int n = parts.length;
        boolean[] given = new boolean[n];
        for (long m = 0; m < missing; m++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!given[i] && (best < 0 || remainders[i] > remainders[best])) {
                    best = i;
                }
            }
            given[best] = true;
            parts[best]++;
        }
        List<BigDecimal> result = new ArrayList<>(n);
        for (long part : parts) {
            result.add(BigDecimal.valueOf(part, scale));
        }
        return result;
    }

    /**
     * The unsigned 128-bit {@code (hi:lo)} divided by the positive long {@code d}, for a quotient below 2^63
     * ({@code hi < d}); the remainder goes to {@code remainder[0]}. Knuth's algorithm D on 32-bit digits as
     * in Hacker's Delight ("divlu").
     */
    static long divide(long hi, long lo, long d, long[] remainder) {
        final long b = 1L << 32;
        int s = Long.numberOfLeadingZeros(d);
        long v = d << s;
        long vn1 = v >>> 32;
        long vn0 = v & 0xffffffffL;
        long un32 = s == 0 ? hi : (hi << s) | (lo >>> (64 - s));
        long un10 = lo << s;
        long un1 = un10 >>> 32;
        long un0 = un10 & 0xffffffffL;
        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = un32 - q1 * vn1;
        while (Long.compareUnsigned(q1, b) >= 0 || Long.compareUnsigned(q1 * vn0, b * rhat + un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        long un21 = un32 * b + un1 - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, b) >= 0 || Long.compareUnsigned(q0 * vn0, b * rhat + un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        remainder[0] = (un21 * b + un0 - q0 * v) >>> s;
        return q1 * b + q0;
    }

    /** The rule in BigInteger arithmetic, for any size of total and weights. */
    static List<BigDecimal> splitExact(BigInteger totalUnits, int scale, List<BigDecimal> weights, int weightScale) {
        BigInteger[] units = new BigInteger[weights.size()];
        for (int i = 0; i < units.length; i++) {
            units[i] = weights.get(i).setScale(weightScale).unscaledValue();
        }
        return splitExact(totalUnits, scale, units, weights);
    }

    /** The rule in BigInteger arithmetic on integer units ({@code weights} only names them in errors). */
    private static List<BigDecimal> splitExact(BigInteger totalUnits, int scale, BigInteger[] units, Object weights) {
        BigInteger unitSum = BigInteger.ZERO;
        for (BigInteger u : units) {
            unitSum = unitSum.add(u);
        }
        if (unitSum.signum() == 0) {
            throw new IllegalArgumentException("weights must not all be zero: " + weightsText(weights));
        }

        int n = units.length;
        BigInteger[] parts = new BigInteger[n];
        BigInteger[] remainders = new BigInteger[n];
        BigInteger handedOut = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger[] qr = totalUnits.multiply(units[i]).divideAndRemainder(unitSum);
            parts[i] = qr[0];
            remainders[i] = qr[1];
            handedOut = handedOut.add(qr[0]);
        }
        // Sum of remainders / unitSum = missing units, and each remainder < unitSum, so at least that
        // many parts have a positive remainder: a zero-weight part never gets an extra unit. The largest
        // remainders get one each, the smaller index first among equal remainders.
        int missing = totalUnits.subtract(handedOut).intValueExact();
        boolean[] given = new boolean[n];
        for (int m = 0; m < missing; m++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!given[i] && (best < 0 || remainders[i].compareTo(remainders[best]) > 0)) {
                    best = i;
                }
            }
            given[best] = true;
            parts[best] = parts[best].add(BigInteger.ONE);
        }

        List<BigDecimal> result = new ArrayList<>(n);
        for (BigInteger part : parts) {
            result.add(new BigDecimal(part, scale));
        }
        return result;
    }

    private static String weightsText(Object weights) {
        return weights instanceof long[] units ? java.util.Arrays.toString(units) : String.valueOf(weights);
    }
}
