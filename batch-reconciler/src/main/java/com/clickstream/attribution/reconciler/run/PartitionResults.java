package com.clickstream.attribution.reconciler.run;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.raw.UserBuckets;
import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.repository.JobRepository;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.item.ExecutionContext;

/**
 * The results of all recompute partitions of a job instance, summed. Reads each partition's LATEST
 * step execution, so partitions that completed in an earlier (failed) execution of a restarted run count
 * once, with the totals they committed.
 *
 * @param rollups    rollup totals of all partitions
 * @param checkouts  checkouts of the range recomputed
 * @param duplicates copies dropped
 * @param conflicts  corrections not written because the row changed meanwhile
 * @param users      users seen
 * @param withheld   corrections withheld because raw objects were skipped, by {@code WithheldKind} key
 */
public record PartitionResults(RollupTotals rollups, long checkouts, long duplicates, long conflicts, long users,
        Map<String, Long> withheld) {

    /** The worker step's name; partitions are named {@code <worker>:<partition>}. */
    public static final String WORKER_STEP = "reconcileBucketStep";

    public static PartitionResults collect(JobRepository repository, JobInstance instance, int buckets) {
        RollupTotals rollups = new RollupTotals();
        long checkouts = 0;
        long duplicates = 0;
        long conflicts = 0;
        long users = 0;
        Map<String, Long> withheld = new TreeMap<>();
        for (int b = 0; b < buckets; b++) {
            StepExecution step = repository.getLastStepExecution(instance, WORKER_STEP + ":" + UserBuckets.partitionName(b));
            if (step == null) {
                throw new IllegalStateException("partition " + UserBuckets.partitionName(b) + " has not run");
            }
            ExecutionContext context = step.getExecutionContext();
            if (context.containsKey(ContextKeys.ROLLUPS)) {
                rollups.addAll((RollupTotals) context.get(ContextKeys.ROLLUPS));
            }
            checkouts += context.getLong(ContextKeys.CHECKOUTS, 0);
            duplicates += context.getLong(ContextKeys.DUPLICATES, 0);
            conflicts += context.getLong(ContextKeys.CONFLICTS, 0);
            users += context.getInt(ContextKeys.USERS, 0);
            if (context.containsKey(ContextKeys.WITHHELD)) {
                withheldIn(context).forEach((kind, n) -> withheld.merge(kind, n, Long::sum));
            }
        }
        return new PartitionResults(rollups, checkouts, duplicates, conflicts, users, withheld);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> withheldIn(ExecutionContext context) {
        return (Map<String, Long>) context.get(ContextKeys.WITHHELD);
    }
}
