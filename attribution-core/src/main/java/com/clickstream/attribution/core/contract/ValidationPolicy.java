package com.clickstream.attribution.core.contract;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Limits applied when a wire record is validated. Defaults ({@link #DEFAULT}):
 * <ul>
 *   <li>{@code maxRecordBytes} 64 KiB — a click or checkout is well under 4 KiB; Kinesis allows 1 MiB</li>
 *   <li>{@code maxClockSkew} 5 minutes — how far in the future an event time may be</li>
 *   <li>{@code retention} 30 days — older event times are rejected (beyond any reconciliation lookback)</li>
 *   <li>{@code maxAmount} 100,000.00 — larger prices or totals are treated as absurd</li>
 *   <li>{@code maxQuantity} 1,000 per line item</li>
 *   <li>{@code deviceTypes} desktop, mobile, tablet</li>
 * </ul>
 */
public record ValidationPolicy(
        int maxRecordBytes,
        Duration maxClockSkew,
        Duration retention,
        BigDecimal maxAmount,
        int maxQuantity,
        Set<String> deviceTypes) {

    public static final ValidationPolicy DEFAULT = new ValidationPolicy(
            64 * 1024,
            Duration.ofMinutes(5),
            Duration.ofDays(30),
            new BigDecimal("100000.00"),
            1_000,
            Set.of("desktop", "mobile", "tablet"));

    public ValidationPolicy {
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(maxAmount, "maxAmount");
        deviceTypes = Set.copyOf(deviceTypes);
        if (maxRecordBytes <= 0 || maxQuantity <= 0) {
            throw new IllegalArgumentException("maxRecordBytes and maxQuantity must be positive");
        }
    }

    public ValidationPolicy withRetention(Duration value) {
        return new ValidationPolicy(maxRecordBytes, maxClockSkew, value, maxAmount, maxQuantity, deviceTypes);
    }

    public ValidationPolicy withMaxClockSkew(Duration value) {
        return new ValidationPolicy(maxRecordBytes, value, retention, maxAmount, maxQuantity, deviceTypes);
    }

    public ValidationPolicy withMaxRecordBytes(int value) {
        return new ValidationPolicy(value, maxClockSkew, retention, maxAmount, maxQuantity, deviceTypes);
    }
}
