package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.RejectedRawRow;
import com.clickstream.attribution.reconciler.raw.StageResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * How the recompute stage turns a run's raw objects into answers, one user-id bucket at a time
 * (selected by {@code reconciler.engine}). Every engine applies attribution-core's rules; they differ
 * only in how raw rows reach the rules.
 *
 * <p>Two calls: {@link #stage} reads every raw object of the run once (listing, validation, rejected
 * rows to dead letters, skips) and leaves per-bucket work under {@code dir}; {@link #recompute} then
 * answers one bucket from that work, independently of the other buckets (so buckets run in parallel).
 */
public interface RecomputeEngine {

    /** Reads the raw objects of {@code parameters} listed up to {@code arrivalUntil} into per-bucket work under {@code dir}. */
    StageResult stage(ReconciliationParameters parameters, Instant arrivalUntil, Path dir,
            Consumer<RejectedRawRow> rejectedRows);

    /** The answers of one staged bucket: its users in user-id order (code point), with their rollup partials. */
    BucketAnswers recompute(ReconciliationParameters parameters, Path dir, int bucket);
}
