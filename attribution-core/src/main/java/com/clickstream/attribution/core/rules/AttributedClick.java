package com.clickstream.attribution.core.rules;

import com.clickstream.attribution.core.event.Click;
import java.time.Instant;
import java.util.Objects;

/**
 * The click a checkout is credited to, as stored with the attribution.
 *
 * @param clickId         the click's {@code event_id}
 * @param clickTs         the click's {@code event_ts}
 * @param trafficSource   where the user came from (google, email, …)
 * @param campaignId      the campaign, or {@code null} when the click had none
 * @param deviceType      desktop, mobile or tablet
 * @param productId       the product the click landed on
 * @param productCategory that product's category
 */
public record AttributedClick(
        String clickId,
        Instant clickTs,
        String trafficSource,
        String campaignId,
        String deviceType,
        String productId,
        String productCategory) {

    public AttributedClick {
        Objects.requireNonNull(clickId, "clickId");
        Objects.requireNonNull(clickTs, "clickTs");
        Objects.requireNonNull(trafficSource, "trafficSource");
    }

    /** The attributed part of a click event. */
    public static AttributedClick from(Click click) {
        return new AttributedClick(
                click.getEventId(),
                click.getEventTs(),
                click.getTrafficSource(),
                click.getCampaignId(),
                click.getDeviceType(),
                click.getProductId(),
                click.getProductCategory());
    }
}
