package com.clickstream.attribution.core.rules.multitouch;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The weight of each touch under each {@link AttributionModel}, for touches ordered earliest
 * {@code (event_ts, event_id)} first. Weights are relative: only their ratios matter, and
 * {@link com.clickstream.attribution.core.rules.MoneySplitter} turns them into cents. Where a
 * model's shares are rational (linear, position-based) the weights are small integers, so the split
 * is exact.
 */
public final class TouchWeights {

    private TouchWeights() {
    }

    /**
     * The weights of {@code model} for touches at {@code touchTimes} from {@code touchSources} (earliest first,
     * one time and one traffic source per touch): time decay looks at the times, last non-direct click at the
     * sources, the others only at the number of touches.
     */
    public static List<BigDecimal> of(AttributionModel model, List<Instant> touchTimes, List<String> touchSources,
            Duration timeDecayHalfLife) {
        requireSameTouches(touchTimes, touchSources);
        return model == AttributionModel.TIME_DECAY ? timeDecay(touchTimes, timeDecayHalfLife)
                : decimals(rationalUnits(model, touchSources));
    }

    /**
     * The weights of {@code model} as non-negative integers with the same ratios as {@link #of}: the small
     * integers of the rational models, and for time decay each weight's exact binary value
     * {@code mantissa * 2^exponent} scaled by the smallest exponent. Null when time-decay weights span too
     * many binary orders of magnitude for a long (a long window with a short half-life); {@link #of} then
     * gives the weights as decimals. Only ratios matter to {@code MoneySplitter}, so both give the same cents.
     */
    public static long[] units(AttributionModel model, List<Instant> touchTimes, List<String> touchSources,
            Duration timeDecayHalfLife) {
        requireSameTouches(touchTimes, touchSources);
        return model == AttributionModel.TIME_DECAY ? timeDecayUnits(touchTimes, timeDecayHalfLife)
                : rationalUnits(model, touchSources);
    }

    /** The small integer weights of the models other than time decay: the one place of their rules. */
    private static long[] rationalUnits(AttributionModel model, List<String> touchSources) {
        int n = touchSources.size();
        requireTouches(n);
        long[] units = new long[n];
        switch (model) {
            case FIRST_CLICK -> units[0] = 1;
            case LAST_CLICK -> units[n - 1] = 1;
            case LAST_NON_DIRECT_CLICK -> units[lastNonDirect(touchSources)] = 1;
            case LINEAR -> java.util.Arrays.fill(units, 1);
            case POSITION_BASED -> {
                java.util.Arrays.fill(units, 1);
                if (n > 2) {
                    units[0] = 2L * (n - 2);
                    units[n - 1] = 2L * (n - 2);
                }
            }
            case TIME_DECAY -> throw new IllegalArgumentException("time decay has no rational weights");
        }
        return units;
    }

    /** The index of the last touch that is not direct, or of the last touch when every touch is direct. */
    private static int lastNonDirect(List<String> touchSources) {
        for (int i = touchSources.size() - 1; i >= 0; i--) {
            if (!DirectTraffic.isDirect(touchSources.get(i))) {
                return i;
            }
        }
        return touchSources.size() - 1;
    }

    private static List<BigDecimal> decimals(long[] units) {
        List<BigDecimal> weights = new ArrayList<>(units.length);
        for (long u : units) {
            weights.add(BigDecimal.valueOf(u));
        }
        return List.copyOf(weights);
    }

    /** {@link #timeDecay}'s doubles as {@code mantissa << (exponent - smallest exponent)}, or null past 62 bits. */
    private static long[] timeDecayUnits(List<Instant> touchTimes, Duration halfLife) {
        double[] weights = decay(touchTimes, halfLife);
        int n = weights.length;
        long[] mantissa = new long[n];
        int[] exponent = new int[n];
        int smallest = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            if (w == 0.0) {
                continue; // underflow: weight 0, as new BigDecimal(0.0)
            }
            long bits = Double.doubleToRawLongBits(w);
            int biased = (int) (bits >>> 52) & 0x7ff;
            long m = bits & 0xfffffffffffffL;
            int e;
            if (biased == 0) { // subnormal
                e = -1074;
            } else {
                m |= 1L << 52;
                e = biased - 1075;
            }
            int zeros = Long.numberOfTrailingZeros(m);
            mantissa[i] = m >>> zeros;
            exponent[i] = e + zeros;
            smallest = Math.min(smallest, exponent[i]);
        }
        long[] units = new long[n];
        for (int i = 0; i < n; i++) {
            if (mantissa[i] == 0) {
                continue;
            }
            int shift = exponent[i] - smallest;
            if (shift > 62 || 64 - Long.numberOfLeadingZeros(mantissa[i]) + shift > 62) {
                return null;
            }
            units[i] = mantissa[i] << shift;
        }
        return units;
    }

    /** The first touch gets everything: {@code [1, 0, …, 0]}. */
    public static List<BigDecimal> firstClick(int touches) {
        return decimals(rationalUnits(AttributionModel.FIRST_CLICK, anySources(touches)));
    }

    /** The last touch gets everything: {@code [0, …, 0, 1]}. */
    public static List<BigDecimal> lastClick(int touches) {
        return decimals(rationalUnits(AttributionModel.LAST_CLICK, anySources(touches)));
    }

    /** Every touch the same: {@code [1, 1, …, 1]}. */
    public static List<BigDecimal> linear(int touches) {
        return decimals(rationalUnits(AttributionModel.LINEAR, anySources(touches)));
    }

    /**
     * 40/20/40. One touch: {@code [1]}; two: {@code [1, 1]}; {@code n >= 3}:
     * {@code [2(n-2), 1, …, 1, 2(n-2)]}, whose sum is {@code 5(n-2)}: the first and the last get
     * {@code 2/5 = 40%}, the {@code n-2} in between share {@code 1/5 = 20%}.
     */
    public static List<BigDecimal> positionBased(int touches) {
        return decimals(rationalUnits(AttributionModel.POSITION_BASED, anySources(touches)));
    }

    /**
     * Last non-direct click: the last touch whose source is not {@linkplain DirectTraffic direct} gets
     * everything, e.g. {@code [0, 1, 0]} for google, facebook, direct; when every touch is direct, the last
     * touch does ({@code [0, 0, 1]} for direct, direct, direct), as under last click.
     */
    public static List<BigDecimal> lastNonDirectClick(List<String> touchSources) {
        return decimals(rationalUnits(AttributionModel.LAST_NON_DIRECT_CLICK, touchSources));
    }

    /** Sources for the models that only count touches (none of them looks at a source). */
    private static List<String> anySources(int touches) {
        requireTouches(touches);
        return java.util.Collections.nCopies(touches, "");
    }

    /**
     * Time decay: weight {@code 2^(-(checkout_ts - t_i) / halfLife)}. Computed as
     * {@code 2^(-(t_last - t_i) / halfLife)}, relative to the newest touch; the common factor
     * {@code 2^(-(checkout_ts - t_last) / halfLife)} cancels in the shares, and the newest touch has
     * weight 1, so a long window with a short half-life cannot underflow every weight to zero.
     * {@link StrictMath#pow} and the exact conversion to decimal give the same weights on every JVM.
     */
    public static List<BigDecimal> timeDecay(List<Instant> touchTimes, Duration halfLife) {
        List<BigDecimal> weights = new ArrayList<>(touchTimes.size());
        for (double w : decay(touchTimes, halfLife)) {
            weights.add(new BigDecimal(w));
        }
        return List.copyOf(weights);
    }

    /** The time-decay weights as doubles, newest touch 1: the one place of the decay rule. */
    private static double[] decay(List<Instant> touchTimes, Duration halfLife) {
        requireTouches(touchTimes.size());
        Objects.requireNonNull(halfLife, "halfLife");
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("time-decay half-life must be positive, was " + halfLife);
        }
        Instant newest = touchTimes.stream().max(Instant::compareTo).orElseThrow();
        double halfLifeMillis = halfLife.toMillis();
        double[] weights = new double[touchTimes.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = StrictMath.pow(2.0, -(Duration.between(touchTimes.get(i), newest).toMillis() / halfLifeMillis));
        }
        return weights;
    }

    private static void requireSameTouches(List<Instant> touchTimes, List<String> touchSources) {
        if (touchTimes.size() != touchSources.size()) {
            throw new IllegalArgumentException("one time and one source per touch, got " + touchTimes.size()
                    + " times and " + touchSources.size() + " sources");
        }
    }

    private static void requireTouches(int touches) {
        if (touches < 1) {
            throw new IllegalArgumentException("need at least one touch, got " + touches);
        }
    }
}
