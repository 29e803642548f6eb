package com.clickstream.attribution.reconciler.ledger;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.diff.AttributionDiff;
import com.clickstream.attribution.reconciler.diff.Correction;
import com.clickstream.attribution.reconciler.diff.PartialDataGuard;
import com.clickstream.attribution.reconciler.diff.StoredAttribution;
import com.clickstream.attribution.reconciler.diff.StoredAttributions;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.batch.item.Chunk;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamWriter;

/**
 * Writes one chunk of recomputed answers: diffs them against the stored rows and applies only the
 * changes, each with its ledger row ({@link CorrectionsRepository}).
 *
 * <p>When the run skipped raw objects ({@code partialRawData}), only corrections that are right whatever
 * the skipped objects held are applied; the others are withheld and counted ({@link PartialDataGuard}).
 *
 * <p>Runs in the chunk transaction. The partition's counters are saved in the step execution context by
 * {@link #update}, which Spring Batch commits in the same transaction as the chunk's writes; a restarted
 * partition therefore continues from exactly what was committed.
 */
public class CorrectionsWriter implements ItemStreamWriter<RecomputedCheckout> {

    private final long runId;
    private final StoredAttributions stored;
    private final AttributionDiff diff;
    private final CorrectionsRepository corrections;
    private final boolean partialRawData;

    private HashMap<String, Long> withheld = new HashMap<>();
    private long checkouts;
    private long written;
    private long conflicts;

    public CorrectionsWriter(long runId, StoredAttributions stored, AttributionDiff diff, CorrectionsRepository corrections,
            boolean partialRawData) {
        this.runId = runId;
        this.partialRawData = partialRawData;
        this.stored = Objects.requireNonNull(stored, "stored");
        this.diff = Objects.requireNonNull(diff, "diff");
        this.corrections = Objects.requireNonNull(corrections, "corrections");
    }

    @Override
    public void open(ExecutionContext context) {
        checkouts = context.getLong(ContextKeys.CHECKOUTS, 0);
        written = context.getLong(ContextKeys.CORRECTIONS, 0);
        conflicts = context.getLong(ContextKeys.CONFLICTS, 0);
        withheld = context.containsKey(ContextKeys.WITHHELD)
                ? new HashMap<>(withheldIn(context))
                : new HashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> withheldIn(ExecutionContext context) {
        return (Map<String, Long>) context.get(ContextKeys.WITHHELD);
    }

    @Override
    public void write(Chunk<? extends RecomputedCheckout> chunk) {
        List<String> ids = new ArrayList<>(chunk.size());
        for (RecomputedCheckout checkout : chunk) {
            ids.add(checkout.answer().checkoutId());
        }
        Map<String, StoredAttribution> rows = stored.load(ids);
        List<Correction> changes = new ArrayList<>();
        for (RecomputedCheckout checkout : chunk) {
            diff.diff(Optional.ofNullable(rows.get(checkout.answer().checkoutId())), checkout)
                    .ifPresent(change -> keepOrWithhold(change, changes));
        }
        CorrectionsRepository.Applied applied = corrections.apply(runId, changes);
        checkouts += ids.size();
        written += applied.total();
        conflicts += applied.conflicts();
    }

    private void keepOrWithhold(Correction change, List<Correction> changes) {
        if (!partialRawData) {
            changes.add(change);
            return;
        }
        PartialDataGuard.withhold(change).ifPresentOrElse(
                kind -> withheld.merge(kind.key(), 1L, Long::sum),
                () -> changes.add(change));
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(ContextKeys.CHECKOUTS, checkouts);
        context.putLong(ContextKeys.CORRECTIONS, written);
        context.putLong(ContextKeys.CONFLICTS, conflicts);
        context.put(ContextKeys.WITHHELD, new HashMap<>(withheld));
    }
}
