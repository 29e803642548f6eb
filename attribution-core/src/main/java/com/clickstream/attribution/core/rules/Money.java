package com.clickstream.attribution.core.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Amounts in the rules are decimals with exactly two places (cents), as {@code total_amount} is on
 * the wire. Normalising the scale here means {@code 10.5} and {@code 10.50} are the same amount in
 * every record's {@code equals}.
 */
public final class Money {

    /** Decimal places of every amount. */
    public static final int SCALE = 2;

    private Money() {
    }

    /**
     * {@code amount} at scale 2.
     *
     * @throws IllegalArgumentException when {@code amount} has more than two non-zero decimal places
     */
    public static BigDecimal requireCents(BigDecimal amount, String name) {
        Objects.requireNonNull(amount, name);
        try {
            return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " must have at most 2 decimal places, was " + amount, e);
        }
    }
}
