package com.clickstream.attribution.stream.sink.model;

import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row for {@code ecommerce.attributed_checkouts} (columns the stream writes; the database fills
 * {@code time_to_purchase_seconds}, {@code written_by}, {@code updated_at} and {@code version}).
 * Click fields are null when unattributed.
 */
public record AttributedCheckoutRow(
        String checkoutId,
        String userId,
        Instant checkoutTs,
        BigDecimal revenue,
        String currency,
        boolean attributed,
        String attributedClickId,
        Instant clickTs,
        String trafficSource,
        String campaignId,
        String deviceType,
        String firstProductId,
        String firstProductCategory) {

    public AttributedCheckoutRow {
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(checkoutTs, "checkoutTs");
        Objects.requireNonNull(revenue, "revenue");
        Objects.requireNonNull(trafficSource, "trafficSource");
    }

    /** The same answer as attribution-core's record, for its rules ({@code CheckoutOwner}). */
    public Attribution attribution() {
        Optional<AttributedClick> click = attributed
                ? Optional.of(new AttributedClick(attributedClickId, clickTs, trafficSource, campaignId, deviceType,
                        firstProductId, firstProductCategory))
                : Optional.empty();
        return new Attribution(checkoutId, userId, checkoutTs, revenue, currency, click);
    }
}
