package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.BucketSpill;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.reconciler.raw.RawEventStager;
import com.clickstream.attribution.reconciler.raw.RejectedRawRow;
import com.clickstream.attribution.reconciler.raw.StageResult;
import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The row-at-a-time engine: raw rows decoded into Avro events ({@link RawEventStager}), spilled per bucket
 * ({@link BucketSpill}), loaded and grouped per user ({@link BucketEvents}) and recomputed user by user
 * ({@link Recomputation}).
 */
public final class AvroSpillEngine implements RecomputeEngine {

    private final RawEventStager stager;

    public AvroSpillEngine(RawEventSource source, int threads) {
        this.stager = new RawEventStager(source, threads);
    }

    @Override
    public StageResult stage(ReconciliationParameters parameters, Instant arrivalUntil, Path dir,
            Consumer<RejectedRawRow> rejectedRows) {
        return stager.stage(parameters, arrivalUntil, dir, rejectedRows);
    }

    @Override
    public BucketAnswers recompute(ReconciliationParameters parameters, Path dir, int bucket) {
        BucketEvents events = BucketEvents.load(BucketSpill.file(dir, bucket), CheckoutCopies.read(dir, bucket));
        Recomputation recomputation = new Recomputation(parameters);
        List<UserReconciliation> users = new ArrayList<>(events.users().size());
        RollupTotals rollups = new RollupTotals();
        for (UserEvents user : events.users()) {
            users.add(recomputation.recompute(user, rollups));
        }
        return new BucketAnswers(users, rollups, events.records(), events.duplicates());
    }
}
