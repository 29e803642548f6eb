package com.clickstream.attribution.core.rules.multitouch;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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

    /** The weights of {@code model} for touches at {@code touchTimes} (earliest first). */
    public static List<BigDecimal> of(AttributionModel model, List<Instant> touchTimes, Duration timeDecayHalfLife) {
        int n = touchTimes.size();
        return switch (model) {
            case FIRST_CLICK -> firstClick(n);
            case LAST_CLICK -> lastClick(n);
            case LINEAR -> linear(n);
            case TIME_DECAY -> timeDecay(touchTimes, timeDecayHalfLife);
            case POSITION_BASED -> positionBased(n);
        };
    }

    /** The first touch gets everything: {@code [1, 0, …, 0]}. */
    public static List<BigDecimal> firstClick(int touches) {
        List<BigDecimal> weights = zeros(touches);
        weights.set(0, BigDecimal.ONE);
        return List.copyOf(weights);
    }

    /** The last touch gets everything: {@code [0, …, 0, 1]}. */
    public static List<BigDecimal> lastClick(int touches) {
        List<BigDecimal> weights = zeros(touches);
        weights.set(touches - 1, BigDecimal.ONE);
        return List.copyOf(weights);
    }

    /** Every touch the same: {@code [1, 1, …, 1]}. */
    public static List<BigDecimal> linear(int touches) {
        requireTouches(touches);
        return Collections.nCopies(touches, BigDecimal.ONE);
    }

    /**
     * 40/20/40. One touch: {@code [1]}; two: {@code [1, 1]}; {@code n >= 3}:
     * {@code [2(n-2), 1, …, 1, 2(n-2)]}, whose sum is {@code 5(n-2)}: the first and the last get
     * {@code 2/5 = 40%}, the {@code n-2} in between share {@code 1/5 = 20%}.
     */
    public static List<BigDecimal> positionBased(int touches) {
        requireTouches(touches);
        if (touches <= 2) {
            return linear(touches);
        }
        List<BigDecimal> weights = new ArrayList<>(Collections.nCopies(touches, BigDecimal.ONE));
        BigDecimal end = BigDecimal.valueOf(2L * (touches - 2));
        weights.set(0, end);
        weights.set(touches - 1, end);
        return List.copyOf(weights);
    }

    /**
     * Time decay: weight {@code 2^(-(checkout_ts - t_i) / halfLife)}. Computed as
     * {@code 2^(-(t_last - t_i) / halfLife)}, relative to the newest touch; the common factor
     * {@code 2^(-(checkout_ts - t_last) / halfLife)} cancels in the shares, and the newest touch has
     * weight 1, so a long window with a short half-life cannot underflow every weight to zero.
     * {@link StrictMath#pow} and the exact conversion to decimal give the same weights on every JVM.
     */
    public static List<BigDecimal> timeDecay(List<Instant> touchTimes, Duration halfLife) {
        requireTouches(touchTimes.size());
        Objects.requireNonNull(halfLife, "halfLife");
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("time-decay half-life must be positive, was " + halfLife);
        }
        Instant newest = touchTimes.stream().max(Instant::compareTo).orElseThrow();
        double halfLifeMillis = halfLife.toMillis();
        List<BigDecimal> weights = new ArrayList<>(touchTimes.size());
        for (Instant t : touchTimes) {
            double halfLives = Duration.between(t, newest).toMillis() / halfLifeMillis;
            weights.add(new BigDecimal(StrictMath.pow(2.0, -halfLives)));
        }
        return List.copyOf(weights);
    }

    private static List<BigDecimal> zeros(int touches) {
        requireTouches(touches);
        return new ArrayList<>(Collections.nCopies(touches, BigDecimal.ZERO));
    }

    private static void requireTouches(int touches) {
        if (touches < 1) {
            throw new IllegalArgumentException("need at least one touch, got " + touches);
        }
    }
}
