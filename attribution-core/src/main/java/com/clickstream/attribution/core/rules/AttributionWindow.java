package com.clickstream.attribution.core.rules;

import com.clickstream.attribution.core.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The attribution window {@code W}: how long before a checkout a click may happen and still be
 * credited.
 *
 * <p>The rule: a click at time {@code k} is inside the window of a checkout at time {@code c} when
 * {@code c - W <= k <= c}. Both ends are inclusive: a click exactly {@code W} before the checkout
 * counts, and so does a click in the same millisecond as the checkout; a click one millisecond
 * earlier than {@code c - W}, or any time after {@code c}, does not.
 *
 * <p>The default is one hour ({@link #DEFAULT_LENGTH}); this is the only place that default lives,
 * so the stream and the batch cannot drift apart. Event times are epoch milliseconds, so the window
 * must be a positive whole number of milliseconds.
 *
 * @param length the window length, positive, whole milliseconds
 */
public record AttributionWindow(Duration length) {

    /** The default window length: one hour. */
    public static final Duration DEFAULT_LENGTH = Duration.ofHours(1);

    /** The default window. */
    public static final AttributionWindow DEFAULT = new AttributionWindow(DEFAULT_LENGTH);

    public AttributionWindow {
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("attribution window must be positive, was " + length);
        }
        if (length.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "attribution window must be whole milliseconds (event times are epoch millis), was " + length);
        }
    }

    /**
     * Parses a window setting with the project's one duration parser ({@link Durations#parse}): a
     * whole number with a unit ({@code 1500ms}, {@code 3600s}, {@code 90m}, {@code 1h}, {@code 1d})
     * or an ISO-8601 duration ({@code PT1H}, {@code PT1H30M}).
     *
     * @throws IllegalArgumentException when the text is not one of these forms, or is not positive
     */
    public static AttributionWindow parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return new AttributionWindow(Durations.parse(text));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("attribution window out of range: '" + text + "'", e);
        }
    }

    /** The setting as text in its shortest form, e.g. {@code 1h}, {@code 90m}; {@link #parse} reads it back. */
    public String format() {
        return Durations.format(length);
    }

    /** True when a click at {@code clickTs} is inside the window of a checkout at {@code checkoutTs}. */
    public boolean contains(Instant clickTs, Instant checkoutTs) {
        return !clickTs.isAfter(checkoutTs) && !clickTs.isBefore(earliestClickTs(checkoutTs));
    }

    /** The earliest click time that still counts for a checkout at {@code checkoutTs}: {@code checkoutTs - W}. */
    public Instant earliestClickTs(Instant checkoutTs) {
        return checkoutTs.minus(length);
    }
}
