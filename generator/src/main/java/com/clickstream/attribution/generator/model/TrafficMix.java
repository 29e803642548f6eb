package com.clickstream.attribution.generator.model;

import com.clickstream.attribution.core.rules.multitouch.DirectTraffic;
import java.util.List;
import java.util.Map;

/**
 * Where sessions come from and how well each source and device converts. The numbers are made up but
 * shaped like real shops: email and direct convert best, social worst, mobile below desktop.
 */
public final class TrafficMix {

    /** Share of sessions per traffic source ({@link DirectTraffic#SOURCE} is what last non-direct click passes over). */
    public static final Weighted<String> SOURCES = Weighted.of(
            "google", 0.30, "facebook", 0.15, "instagram", 0.12, "email", 0.08,
            "organic", 0.15, DirectTraffic.SOURCE, 0.12, "affiliate", 0.08);

    /** Chance that a session of this source ends in a checkout (before device and segment factors). */
    public static final Map<String, Double> CONVERSION = Map.of(
            "google", 0.060, "facebook", 0.035, "instagram", 0.028, "email", 0.095,
            "organic", 0.050, DirectTraffic.SOURCE, 0.070, "affiliate", 0.055);

    public static final Weighted<String> DEVICES = Weighted.of(
            "mobile", 0.55, "desktop", 0.35, "tablet", 0.10);

    public static final Map<String, Double> DEVICE_FACTOR = Map.of(
            "desktop", 1.25, "mobile", 0.80, "tablet", 1.0);

    /** Paid sources carry a campaign id; organic, direct have none. */
    public static final Map<String, List<String>> CAMPAIGNS = Map.of(
            "google", List.of("g-search-brand", "g-search-generic", "g-shopping"),
            "facebook", List.of("fb-retarget", "fb-lookalike"),
            "instagram", List.of("ig-stories", "ig-reels"),
            "email", List.of("em-weekly", "em-cart-reminder"),
            "affiliate", List.of("aff-coupons", "aff-reviews"));

    public static final Weighted<String> PAYMENT_METHODS = Weighted.of(
            "card", 0.62, "paypal", 0.22, "apple_pay", 0.10, "gift_card", 0.06);

    private TrafficMix() {
    }
}
