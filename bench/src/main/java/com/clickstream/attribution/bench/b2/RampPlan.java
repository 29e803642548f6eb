package com.clickstream.attribution.bench.b2;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The offered-load ramp of one variant: a warm-up at the first rate (not measured: JIT, the first
 * state store versions), then steps at {@code startRate}, x{@code factor}, ... up to {@code maxRate}.
 * Each step sends at its rate for {@code rampIn} (not measured: the batch rhythm settles) and then
 * for {@code measure}; then the feed stops until the job has counted every record (drain), so each
 * step's records are checked exactly and the next step starts from an empty backlog. The ramp stops
 * after the first saturated step ({@link #saturation}).
 */
public record RampPlan(int startRate, int factor, int maxRate, Duration warmup, Duration rampIn, Duration measure,
        double keptUpFraction, Duration latencyBound) {

    public RampPlan {
        if (startRate < 1 || factor < 2 || maxRate < startRate) {
            throw new IllegalArgumentException("bad rate plan: start " + startRate + ", x" + factor + ", max " + maxRate);
        }
    }

    /**
     * The measured run: 1k, 2k, ... 32k events/s (past the goal of 20k); 20 s per step (5 s settling +
     * 15 s measured). Two ramps x 3 runs take about 15 minutes on 2 cores.
     */
    public static RampPlan full() {
        return new RampPlan(1_000, 2, 32_000, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(15),
                0.9, Duration.ofSeconds(10));
    }

    /** Smoke run: 200, 400, 800 events/s, 3 + 6 s per step. The figures mean nothing. */
    public static RampPlan quick() {
        return new RampPlan(200, 2, 800, Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(6),
                0.9, Duration.ofSeconds(10));
    }

    public List<Integer> rates() {
        List<Integer> rates = new ArrayList<>();
        for (long r = startRate; r <= maxRate; r *= factor) {
            rates.add((int) r);
        }
        return rates;
    }

    public long warmupRecords() {
        return records(startRate, warmup);
    }

    public long rampInRecords(int rate) {
        return records(rate, rampIn);
    }

    public long measuredRecords(int rate) {
        return records(rate, measure);
    }

    /** Records the whole plan can send (warm-up and every step): the size of the data set to generate. */
    public long totalRecords() {
        long total = warmupRecords();
        for (int rate : rates()) {
            total += rampInRecords(rate) + measuredRecords(rate);
        }
        return total;
    }

    static long records(int rate, Duration d) {
        return Math.round(rate * (d.toMillis() / 1000.0));
    }

    /**
     * Why a step counts as saturated, or null when the pipeline kept up: the job processed less than
     * {@code keptUpFraction} of the offered rate, the feed itself could not send that much (the
     * emulator's limit), or p99 event-to-row latency exceeded {@code latencyBound}.
     */
    public String saturation(int offered, double sentRate, double sustainedRate, double p99Seconds) {
        if (sentRate < keptUpFraction * offered) {
            return "feed sent only " + Math.round(sentRate) + "/s";
        }
        if (sustainedRate < keptUpFraction * offered) {
            return "job processed " + Math.round(sustainedRate) + "/s < " + Math.round(keptUpFraction * 100) + " % of offered";
        }
        if (p99Seconds > latencyBound.toMillis() / 1000.0) {
            return "p99 " + Math.round(p99Seconds * 10) / 10.0 + " s > " + latencyBound.toSeconds() + " s";
        }
        return null;
    }
}
