package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.core.rules.multitouch.ConversionPath;
import com.clickstream.attribution.core.rules.multitouch.Credit;
import com.clickstream.attribution.core.rules.multitouch.MultiTouchAttribution;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * attribution-core applied to one checkout of a run, the same for every engine: first-click for a checkout
 * in {@code [from, to)}, every multi-touch model and the conversion path (into the rollups) for a checkout of
 * the rollup days.
 * Engines hand it the user's clicks whose time lies in the window ({@link #windowStart}); the rules re-check
 * the window and decide among copies of a click.
 */
public final class CheckoutRules {

    private final ReconciliationParameters parameters;
    private final MultiTouchAttribution multiTouch;
    private final long from;
    private final long to;
    private final long rollupFrom;
    private final long rollupTo;
    private final long windowMillis;

    public CheckoutRules(ReconciliationParameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.multiTouch = MultiTouchAttribution.withWindow(parameters.window());
        this.from = parameters.from().toEpochMilli();
        this.to = parameters.to().toEpochMilli();
        this.rollupFrom = parameters.rollupFrom().toEpochMilli();
        this.rollupTo = parameters.rollupTo().toEpochMilli();
        this.windowMillis = parameters.window().length().toMillis();
    }

    /** The earliest click time in the window of a checkout at {@code checkoutTs} (epoch millis). */
    public long windowStart(long checkoutTs) {
        return checkoutTs - windowMillis;
    }

    /** True when a checkout at {@code ts} is answered or credited (else its clicks need not be looked at). */
    public boolean matters(long ts) {
        return ts >= rollupFrom && ts < rollupTo || ts >= from && ts < to;
    }

    /** True when a click at {@code ts} counts in the click rollups. */
    public boolean inRollupDays(long ts) {
        return ts >= rollupFrom && ts < rollupTo;
    }

    /** A checkout's first-click answer and its credits under every multi-touch model. */
    public record Answered(Attribution answer, Map<AttributionModel, List<Credit>> credits) {
    }

    /**
     * Adds the checkout's multi-touch credits and its conversion path to {@code rollups} when it is on a rollup
     * day, and returns its
     * first-click answer with those credits when it is in {@code [from, to)} (inside the rollup days), else null.
     *
     * @param candidates the user's clicks in the checkout's window, in ClickOrder
     */
    public Answered apply(Checkout checkout, List<Click> candidates, RollupTotals rollups) {
        long ts = checkout.getEventTs().toEpochMilli();
        if (!inRollupDays(ts)) {
            return null; // [from, to) lies inside the rollup days
        }
        Map<AttributionModel, List<Credit>> credits = multiTouch.creditAllModels(checkout, candidates);
        LocalDate day = LocalDate.ofInstant(checkout.getEventTs(), ZoneOffset.UTC);
        rollups.addCredits(day, credits);
        // every model has one credit per touch in touch order: any of them gives the path
        rollups.addConversion(day, ConversionPath.ofCredits(credits.get(AttributionModel.FIRST_CLICK)),
                checkout.getTotalAmount());
        return ts >= from && ts < to
                ? new Answered(FirstClickAttribution.attribute(checkout, candidates, parameters.window()), credits)
                : null;
    }

    /** The position of the credited click among the candidates (among copies of one id, the one with its time). */
    public static int creditedIndex(List<Click> candidates, AttributedClick click) {
        for (int q = 0; q < candidates.size(); q++) {
            Click candidate = candidates.get(q);
            if (candidate.getEventId().equals(click.clickId()) && candidate.getEventTs().equals(click.clickTs())) {
                return q;
            }
        }
        throw new IllegalStateException("credited click " + click.clickId() + " is not among the candidates");
    }
}
