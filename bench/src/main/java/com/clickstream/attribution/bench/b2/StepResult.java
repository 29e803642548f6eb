package com.clickstream.attribution.bench.b2;

/**
 * One measured step of one ramp.
 *
 * @param rate           offered events/s
 * @param sentRate       events/s the feed actually sent during the measured part
 * @param sustainedRate  events/s the job committed during the measured part
 * @param p50            event-to-row latency percentiles of the measured part's checkouts, seconds
 * @param checkouts      checkouts measured
 * @param upgraded       of those, rows written again by a later batch (counted at their latest write)
 * @param lateDropped    events the job dropped behind the watermark during the step
 * @param batches        data batches committed during the measured part
 * @param batchRowsP50   their input records, median
 * @param batchSecondsP50 their duration (Spark's triggerExecution), median, seconds
 * @param batchSecondsMax their longest duration, seconds
 * @param sinkShare      share of those batches' time spent in the sink's PostgreSQL transaction
 * @param saturation     why the step counts as saturated, or null
 */
record StepResult(int rate, double sentRate, double sustainedRate, double p50, double p95, double p99, long checkouts,
        long upgraded, long lateDropped, int batches, double batchRowsP50, double batchSecondsP50,
        double batchSecondsMax, double sinkShare, String saturation) {
}
