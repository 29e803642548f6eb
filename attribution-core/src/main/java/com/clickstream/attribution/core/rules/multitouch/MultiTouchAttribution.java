package com.clickstream.attribution.core.rules.multitouch;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.CandidateClicks;
import com.clickstream.attribution.core.rules.Money;
import com.clickstream.attribution.core.rules.MoneySplitter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Multi-touch credit for the batch side: shares each checkout's revenue among its touches under
 * every {@link AttributionModel}.
 *
 * <p>The rule: the touches of a checkout are its candidate clicks exactly as for first-click (same
 * user, inside the same window, both ends inclusive, copies counted once), ordered earliest
 * {@code (event_ts, event_id)} first ({@link CandidateClicks}). The model gives each touch a weight
 * ({@link TouchWeights}) and the revenue is split by those weights into cents that add up to the
 * revenue exactly ({@link MoneySplitter}); the checkout itself is split the same way into shares
 * that add up to exactly 1. The result has one {@link Credit} per touch, in touch
 * order, zero credits included (first-click, last-click and last non-direct click give the other touches
 * 0.00). A
 * checkout with no touch gets a single credit of its whole revenue to
 * {@value com.clickstream.attribution.core.rules.Attribution#UNATTRIBUTED}, so revenue totals add up
 * under every model.
 *
 * @param window            the attribution window, the same setting as for first-click
 * @param timeDecayHalfLife the half-life of {@link AttributionModel#TIME_DECAY}, positive
 */
public record MultiTouchAttribution(AttributionWindow window, Duration timeDecayHalfLife) {

    /**
     * Default time-decay half-life: 30 minutes. With the default one-hour window a touch at the
     * window's start weighs a quarter of a touch at checkout time: recent touches count clearly
     * more, early ones still count.
     */
    public static final Duration DEFAULT_TIME_DECAY_HALF_LIFE = Duration.ofMinutes(30);

    public MultiTouchAttribution {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(timeDecayHalfLife, "timeDecayHalfLife");
        if (timeDecayHalfLife.isNegative() || timeDecayHalfLife.isZero()) {
            throw new IllegalArgumentException("time-decay half-life must be positive, was " + timeDecayHalfLife);
        }
    }

    /** {@code window} with the default time-decay half-life. */
    public static MultiTouchAttribution withWindow(AttributionWindow window) {
        return new MultiTouchAttribution(window, DEFAULT_TIME_DECAY_HALF_LIFE);
    }

    /** The credits of {@code checkout} under {@code model}: one per touch in touch order, or one unattributed credit. */
    public List<Credit> credit(AttributionModel model, Checkout checkout, Collection<Click> clicks) {
        return credit(model, checkout, CandidateClicks.of(checkout, clicks, window));
    }

    /** The credits of {@code checkout} under every model, candidates selected once. */
    public Map<AttributionModel, List<Credit>> creditAllModels(Checkout checkout, Collection<Click> clicks) {
        List<Click> touches = CandidateClicks.of(checkout, clicks, window);
        Map<AttributionModel, List<Credit>> byModel = new EnumMap<>(AttributionModel.class);
        for (AttributionModel model : AttributionModel.values()) {
            byModel.put(model, credit(model, checkout, touches));
        }
        return Collections.unmodifiableMap(byModel);
    }

    private List<Credit> credit(AttributionModel model, Checkout checkout, List<Click> touches) {
        BigDecimal revenue = checkout.getTotalAmount();
        if (touches.isEmpty()) {
            return List.of(Credit.unattributed(checkout.getEventId(), revenue));
        }
        List<Instant> times = new ArrayList<>(touches.size());
        List<String> sources = new ArrayList<>(touches.size());
        for (Click touch : touches) {
            times.add(touch.getEventTs());
            sources.add(touch.getTrafficSource());
        }
        // integer weights when they exist (always but for extreme time decays): the same cents, far cheaper
        long[] units = TouchWeights.units(model, times, sources, timeDecayHalfLife);
        List<BigDecimal> amounts;
        List<BigDecimal> shares;
        if (units != null) {
            amounts = MoneySplitter.splitUnits(Money.requireCents(revenue, "total"), Money.SCALE, units);
            shares = MoneySplitter.splitUnits(BigDecimal.ONE, Credit.SHARE_SCALE, units);
        } else {
            List<BigDecimal> weights = TouchWeights.of(model, times, sources, timeDecayHalfLife);
            amounts = MoneySplitter.split(revenue, weights);
            shares = MoneySplitter.split(BigDecimal.ONE, Credit.SHARE_SCALE, weights);
        }
        List<Credit> credits = new ArrayList<>(touches.size());
        for (int i = 0; i < touches.size(); i++) {
            Click touch = touches.get(i);
            credits.add(new Credit(checkout.getEventId(), touch.getEventId(), touch.getTrafficSource(),
                    amounts.get(i), shares.get(i)));
        }
        return List.copyOf(credits);
    }
}
