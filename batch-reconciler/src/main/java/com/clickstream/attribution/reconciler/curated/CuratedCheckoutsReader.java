package com.clickstream.attribution.reconciler.curated;

import com.clickstream.attribution.core.curated.CuratedAttribution;
import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamReader;

/**
 * Reads one bucket's curated attribution rows of the run (the files its manifest lists), in file order,
 * as the answers the diff takes ({@link CuratedRows#recomputed}).
 *
 * <p>Restart position: the number of rows of the last committed chunk, saved with every chunk. The run's
 * files never change once its manifest exists, so a restarted partition resumes at exactly the next row.
 */
public class CuratedCheckoutsReader implements ItemStreamReader<RecomputedCheckout> {

    private static final String POSITION = "curatedCheckoutsReader.position";

    private final CuratedStore store;
    private final long runId;
    private final int bucket;
    private List<CuratedAttribution> rows = List.of();
    private int next;

    public CuratedCheckoutsReader(CuratedStore store, long runId, int bucket) {
        this.store = Objects.requireNonNull(store, "store");
        this.runId = runId;
        this.bucket = bucket;
    }

    @Override
    public void open(ExecutionContext context) {
        RunManifest manifest = store.manifest(runId).orElseThrow(() -> new IllegalStateException(
                "run " + runId + " has no manifest in s3://" + store.bucket() + ": its recompute did not finish"));
        RunManifest.BucketFiles files = manifest.files().stream().filter(f -> f.bucket() == bucket).findFirst()
                .orElseThrow(() -> new IllegalStateException("the manifest of run " + runId + " has no bucket " + bucket));
        List<CuratedAttribution> all = new ArrayList<>();
        for (String key : files.attributions()) {
            all.addAll(store.readParquet(key, CuratedAttribution.getClassSchema(), CuratedAttribution.class));
        }
        if (all.size() != files.checkouts()) {
            throw new IllegalStateException("bucket " + bucket + " of run " + runId + " holds " + all.size()
                    + " curated rows, its manifest says " + files.checkouts());
        }
        rows = all;
        next = context.getInt(POSITION, 0);
        context.putLong(ContextKeys.RECORDS, rows.size());
    }

    @Override
    public RecomputedCheckout read() {
        return next < rows.size() ? CuratedRows.recomputed(rows.get(next++)) : null;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(POSITION, next);
        context.putLong(ContextKeys.RECORDS, rows.size());
    }

    @Override
    public void close() {
        rows = List.of();
    }
}
