package com.clickstream.attribution.reconciler.support;

import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.RejectedRawRow;
import com.clickstream.attribution.reconciler.raw.StageResult;
import com.clickstream.attribution.reconciler.recompute.BucketAnswers;
import com.clickstream.attribution.reconciler.recompute.RecomputeEngine;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import com.clickstream.attribution.reconciler.recompute.UserReconciliation;
import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything an engine produces for one run, in a form that compares by value ({@code RollupTotals} has
 * no {@code equals}): the stage result, the rejected rows, and per bucket its counts, users and rollups.
 */
public record EngineOutput(StageResult stage, List<RejectedRawRow> rejected, List<Bucket> buckets) {

    /** One bucket's answers. */
    public record Bucket(long records, long duplicates, List<User> users, Rollups rollups) {
    }

    /** One user's answers. */
    public record User(String userId, List<RecomputedCheckout> checkouts) {
    }

    /** A bucket's rollup maps. */
    public record Rollups(Map<?, ?> credited, Map<?, ?> paths, Map<?, ?> clicks, Map<?, ?> productClicks,
            Map<?, String> categories) {
    }

    /** Stages with {@code engine} into {@code dir} and recomputes every bucket. */
    public static EngineOutput of(RecomputeEngine engine, ReconciliationParameters parameters, Instant arrivalUntil,
            Path dir) {
        List<RejectedRawRow> rejected = new ArrayList<>();
        StageResult stage = engine.stage(parameters, arrivalUntil, dir, rejected::add);
        List<Bucket> buckets = new ArrayList<>();
        for (int b = 0; b < parameters.buckets(); b++) {
            buckets.add(bucket(engine.recompute(parameters, dir, b)));
        }
        return new EngineOutput(stage, rejected, buckets);
    }

    public static Bucket bucket(BucketAnswers answers) {
        List<User> users = new ArrayList<>();
        for (UserReconciliation u : answers.users()) {
            users.add(new User(u.userId(), u.checkouts()));
        }
        RollupTotals r = answers.rollups();
        Map<RollupTotals.ProductKey, String> categories = new HashMap<>();
        r.productClicks().keySet().forEach(p -> categories.put(p, r.categoryOf(p)));
        return new Bucket(answers.records(), answers.duplicates(), users,
                new Rollups(r.credited(), r.paths(), r.clicks(), r.productClicks(), categories));
    }

    /** Every checkout answer of every bucket. */
    public List<RecomputedCheckout> answers() {
        List<RecomputedCheckout> all = new ArrayList<>();
        buckets.forEach(b -> b.users().forEach(u -> all.addAll(u.checkouts())));
        return all;
    }
}
