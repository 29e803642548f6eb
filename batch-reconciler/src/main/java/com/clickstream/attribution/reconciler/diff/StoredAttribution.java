package com.clickstream.attribution.reconciler.diff;

import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A row of {@code ecommerce.attributed_checkouts} as the reconciler found it.
 *
 * @param answer    the row as an attribution-core answer
 * @param writtenBy {@code stream} or {@code reconciler}
 * @param version   the row's version, used as an optimistic lock when the row is replaced
 */
public record StoredAttribution(Attribution answer, String writtenBy, int version) {

    public StoredAttribution {
        Objects.requireNonNull(answer, "answer");
    }

    public String checkoutId() {
        return answer.checkoutId();
    }

    /** Builds a row from its columns; click columns are null when unattributed. */
    public static StoredAttribution of(String checkoutId, String userId, Instant checkoutTs, BigDecimal revenue,
            String currency, boolean attributed, String clickId, Instant clickTs, String trafficSource,
            String campaignId, String deviceType, String productId, String productCategory, String writtenBy,
            int version) {
        Optional<AttributedClick> click = attributed
                ? Optional.of(new AttributedClick(clickId, clickTs, trafficSource, campaignId, deviceType, productId,
                        productCategory))
                : Optional.empty();
        return new StoredAttribution(new Attribution(checkoutId, userId, checkoutTs, revenue, currency, click),
                writtenBy, version);
    }
}
