package com.clickstream.attribution.core.rules.multitouch;

import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * One touch's share of one checkout's revenue under one model.
 *
 * @param checkoutId    the checkout's {@code event_id}
 * @param clickId       the credited click's {@code event_id}; {@code null} for the credit of an
 *                      unattributed checkout
 * @param trafficSource the click's traffic source, or {@value Attribution#UNATTRIBUTED}
 * @param amount        the touch's part of the revenue, scale 2, not negative; the amounts of one
 *                      checkout's credits add up to its revenue exactly
 * @param share         the touch's fraction of the checkout, scale {@value #SHARE_SCALE}, between 0
 *                      and 1; the shares of one checkout's credits add up to exactly 1, so counting
 *                      "credited checkouts" by share adds up to the checkout count (also for a
 *                      0.00 checkout, whose amounts say nothing about its split)
 */
public record Credit(String checkoutId, String clickId, String trafficSource, BigDecimal amount, BigDecimal share) {

    /** Decimal places of {@link #share}: ten-thousandths, as {@code credited_checkouts numeric(14,4)}. */
    public static final int SHARE_SCALE = 4;

    /** The share of a checkout that is credited whole. */
    public static final BigDecimal WHOLE = BigDecimal.ONE.setScale(SHARE_SCALE);

    public Credit {
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(trafficSource, "trafficSource");
        if (clickId == null && !Attribution.UNATTRIBUTED.equals(trafficSource)) {
            throw new IllegalArgumentException("a credit without a click must go to '"
                    + Attribution.UNATTRIBUTED + "', was '" + trafficSource + "'");
        }
        amount = Money.requireCents(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("credit must not be negative, was " + amount);
        }
        Objects.requireNonNull(share, "share");
        if (share.signum() < 0 || share.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("share must be between 0 and 1, was " + share);
        }
        try {
            share = share.setScale(SHARE_SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("share must have at most " + SHARE_SCALE + " decimal places, was " + share, e);
        }
    }

    /** The whole amount of a checkout no click matched, credited to {@value Attribution#UNATTRIBUTED}. */
    public static Credit unattributed(String checkoutId, BigDecimal amount) {
        return new Credit(checkoutId, null, Attribution.UNATTRIBUTED, amount, WHOLE);
    }

    /** True when a click is credited. */
    public boolean attributed() {
        return clickId != null;
    }
}
