package com.clickstream.attribution.generator.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Every knob of the traffic generator. The same config (seed included) always yields the same records,
 * byte for byte. Defaults are in {@link #defaults(Instant)}.
 *
 * @param seed                       drives everything but the product catalog (which never changes)
 * @param users                      size of the user base (default 2,000)
 * @param start                      event time of the first session
 * @param duration                   event-time span of the sessions (default 1 hour)
 * @param maxEvents                  stop after this many records (0 = no limit; default 0)
 * @param eventsPerSecond            average valid events per second of event time (default 20)
 * @param duplicateFraction          share of records sent twice, same bytes (default 0.01)
 * @param lateFraction               share of events that arrive long after their event time (default 0.02)
 * @param lateDelayMin               smallest delay of a late event (default 10 minutes)
 * @param lateDelayMax               largest delay of a late event (default 2 hours)
 * @param outOfOrderFraction         share of events that arrive a little after later events (default 0.05)
 * @param outOfOrderMaxDelay         how far such an event may slip (default 30 s)
 * @param malformedFraction          extra malformed records per valid event, each with one reject reason (default 0.005)
 * @param noClickBuyerFraction       share of sessions that are a checkout with no click (default 0.03)
 * @param clickAfterCheckoutFraction share of converting sessions that click again after buying (default 0.2)
 */
public record GeneratorConfig(
        long seed,
        int users,
        Instant start,
        Duration duration,
        long maxEvents,
        double eventsPerSecond,
        double duplicateFraction,
        double lateFraction,
        Duration lateDelayMin,
        Duration lateDelayMax,
        double outOfOrderFraction,
        Duration outOfOrderMaxDelay,
        double malformedFraction,
        double noClickBuyerFraction,
        double clickAfterCheckoutFraction) {

    public GeneratorConfig {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        if (users <= 0) {
            throw new IllegalArgumentException("users must be positive: " + users);
        }
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("eventsPerSecond must be positive: " + eventsPerSecond);
        }
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents must be >= 0: " + maxEvents);
        }
        if (lateDelayMin.compareTo(lateDelayMax) > 0) {
            throw new IllegalArgumentException("lateDelayMin " + lateDelayMin + " > lateDelayMax " + lateDelayMax);
        }
        for (double f : new double[] {duplicateFraction, lateFraction, outOfOrderFraction, malformedFraction,
                noClickBuyerFraction, clickAfterCheckoutFraction}) {
            if (f < 0 || f > 1) {
                throw new IllegalArgumentException("fractions must be within [0, 1]: " + f);
            }
        }
    }

    public static GeneratorConfig defaults(Instant start) {
        return new GeneratorConfig(42L, 2_000, start, Duration.ofHours(1), 0, 20.0,
                0.01, 0.02, Duration.ofMinutes(10), Duration.ofHours(2), 0.05, Duration.ofSeconds(30),
                0.005, 0.03, 0.2);
    }

    /** No duplicates, late, out-of-order or malformed records: clean traffic. */
    public GeneratorConfig clean() {
        return new GeneratorConfig(seed, users, start, duration, maxEvents, eventsPerSecond,
                0, 0, lateDelayMin, lateDelayMax, 0, outOfOrderMaxDelay, 0, noClickBuyerFraction,
                clickAfterCheckoutFraction);
    }

    public GeneratorConfig withSeed(long value) {
        return new GeneratorConfig(value, users, start, duration, maxEvents, eventsPerSecond, duplicateFraction,
                lateFraction, lateDelayMin, lateDelayMax, outOfOrderFraction, outOfOrderMaxDelay, malformedFraction,
                noClickBuyerFraction, clickAfterCheckoutFraction);
    }

    public GeneratorConfig withMaxEvents(long value) {
        return new GeneratorConfig(seed, users, start, duration, value, eventsPerSecond, duplicateFraction,
                lateFraction, lateDelayMin, lateDelayMax, outOfOrderFraction, outOfOrderMaxDelay, malformedFraction,
                noClickBuyerFraction, clickAfterCheckoutFraction);
    }

    public GeneratorConfig withFaults(double duplicates, double late, double outOfOrder, double malformed) {
        return new GeneratorConfig(seed, users, start, duration, maxEvents, eventsPerSecond, duplicates,
                late, lateDelayMin, lateDelayMax, outOfOrder, outOfOrderMaxDelay, malformed,
                noClickBuyerFraction, clickAfterCheckoutFraction);
    }

    public Instant end() {
        return start.plus(duration);
    }
}
