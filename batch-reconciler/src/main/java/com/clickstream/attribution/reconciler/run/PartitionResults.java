package com.clickstream.attribution.reconciler.run;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.raw.UserBuckets;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.item.ExecutionContext;

/**
 * The results of all apply partitions of a job instance, summed. Reads each partition's LATEST step
 * execution, so partitions that completed in an earlier (failed) execution of a restarted run count once,
 * with the totals they committed.
 *
 * @param checkouts  checkouts of the range applied
 * @param conflicts  corrections not written because the row changed meanwhile
 * @param withheld   corrections withheld because raw objects were skipped, by {@code WithheldKind} key
 */
public record PartitionResults(long checkouts, long conflicts, Map<String, Long> withheld) {

    /** The worker step's name; partitions are named {@code <worker>:<partition>}. */
    public static final String WORKER_STEP = "applyBucketStep";

    public static PartitionResults collect(JobRepository repository, JobInstance instance, int buckets) {
        long checkouts = 0;
        long conflicts = 0;
        Map<String, Long> withheld = new TreeMap<>();
        for (int b = 0; b < buckets; b++) {
            StepExecution step = repository.getLastStepExecution(instance, WORKER_STEP + ":" + UserBuckets.partitionName(b));
            if (step == null) {
                throw new IllegalStateException("partition " + UserBuckets.partitionName(b) + " has not run");
            }
            ExecutionContext context = step.getExecutionContext();
            checkouts += context.getLong(ContextKeys.CHECKOUTS, 0);
            conflicts += context.getLong(ContextKeys.CONFLICTS, 0);
            if (context.containsKey(ContextKeys.WITHHELD)) {
                withheldIn(context).forEach((kind, n) -> withheld.merge(kind, n, Long::sum));
            }
        }
        return new PartitionResults(checkouts, conflicts, withheld);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> withheldIn(ExecutionContext context) {
        return (Map<String, Long>) context.get(ContextKeys.WITHHELD);
    }
}
