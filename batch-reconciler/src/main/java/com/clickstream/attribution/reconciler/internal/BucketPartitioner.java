package com.clickstream.attribution.reconciler.internal;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.raw.UserBuckets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.support.Partitioner;
import org.springframework.batch.item.ExecutionContext;

/** One partition per user-id hash bucket; the grid size is the run's {@code buckets} parameter, not the executor's. */
public final class BucketPartitioner implements Partitioner {

    private final int buckets;

    public BucketPartitioner(int buckets) {
        this.buckets = buckets;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int b = 0; b < buckets; b++) {
            ExecutionContext context = new ExecutionContext();
            context.putInt(ContextKeys.BUCKET, b);
            partitions.put(UserBuckets.partitionName(b), context);
        }
        return partitions;
    }
}
