package com.clickstream.attribution.core.rules;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The first-click answer for one checkout: the checkout's facts and, when a click matched, the
 * click it is credited to. A checkout without a matching click is still an answer (unattributed,
 * traffic source {@value #UNATTRIBUTED}), so revenue totals always add up.
 *
 * @param checkoutId the checkout's {@code event_id} (the order id)
 * @param userId     the checkout's user
 * @param checkoutTs the checkout's {@code event_ts}
 * @param revenue    the checkout's {@code total_amount}, scale 2
 * @param currency   the checkout's currency (ISO 4217)
 * @param click      the credited click, empty when unattributed
 */
public record Attribution(
        String checkoutId,
        String userId,
        Instant checkoutTs,
        BigDecimal revenue,
        String currency,
        Optional<AttributedClick> click) {

    /** The traffic source of a checkout that no click matched. The only place this literal lives. */
    public static final String UNATTRIBUTED = "unattributed";

    public Attribution {
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(checkoutTs, "checkoutTs");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(click, "click (use Optional.empty() when unattributed)");
        revenue = Money.requireCents(revenue, "revenue");
    }

    /** The checkout with no click credited. */
    public static Attribution unattributed(Checkout checkout) {
        return new Attribution(
                checkout.getEventId(),
                checkout.getUserId(),
                checkout.getEventTs(),
                checkout.getTotalAmount(),
                checkout.getCurrency(),
                Optional.empty());
    }

    /** The checkout credited to {@code click}. Does not check the rule; {@link FirstClickAttribution} does. */
    public static Attribution attributedTo(Checkout checkout, Click click) {
        return unattributed(checkout).withClick(AttributedClick.from(click));
    }

    /** This answer credited to another click instead. */
    public Attribution withClick(AttributedClick newClick) {
        return new Attribution(checkoutId, userId, checkoutTs, revenue, currency,
                Optional.of(Objects.requireNonNull(newClick, "newClick")));
    }

    /** True when a click is credited. */
    public boolean attributed() {
        return click.isPresent();
    }

    /** The credited click's traffic source, or {@value #UNATTRIBUTED}. */
    public String trafficSource() {
        return click.map(AttributedClick::trafficSource).orElse(UNATTRIBUTED);
    }

    /** Checkout time minus credited click time; empty when unattributed. */
    public Optional<Duration> timeToPurchase() {
        return click.map(c -> Duration.between(c.clickTs(), checkoutTs));
    }

    /** True when both answers describe the same checkout facts (id, user, time, revenue, currency). */
    public boolean sameCheckoutAs(Attribution other) {
        return checkoutId.equals(other.checkoutId)
                && userId.equals(other.userId)
                && checkoutTs.equals(other.checkoutTs)
                && revenue.equals(other.revenue)
                && currency.equals(other.currency);
    }
}
