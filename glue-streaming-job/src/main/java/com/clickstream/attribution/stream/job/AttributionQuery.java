package com.clickstream.attribution.stream.job;

import com.clickstream.attribution.stream.attribution.AttributionPipeline;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The streaming wrapper: a source of raw records plus a batch function, started as one query with
 * the job's trigger, checkpoint and state store. The pipeline in between is
 * {@link AttributionPipeline}; the source and the sink are whatever the caller passes (Kinesis and
 * PostgreSQL in the job, a MemoryStream in tests).
 */
public final class AttributionQuery {

    /** Spark setting that selects the state store provider. */
    public static final String STATE_STORE_PROVIDER = "spark.sql.streaming.stateStore.providerClass";

    private AttributionQuery() {
    }

    public static StreamingQuery start(Dataset<Row> raw, JobArguments args, VoidFunction2<Dataset<Row>, Long> sink)
            throws TimeoutException {
        Objects.requireNonNull(raw, "raw");
        // Recorded in the checkpoint's first batch; a restart keeps the provider it started with.
        raw.sparkSession().conf().set(STATE_STORE_PROVIDER, args.stateStore().providerClass());
        // Also recorded in the checkpoint: the number of state partitions cannot change later.
        args.shufflePartitions().ifPresent(n -> raw.sparkSession().conf().set("spark.sql.shuffle.partitions", n.longValue()));
        Dataset<Row> output = AttributionPipeline.build(raw, args.clicksStream(), args.checkoutsStream(),
                args.attributionWindow(), args.allowedLateness());
        return output.writeStream()
                .queryName(args.queryName())
                .foreachBatch(sink)
                .option("checkpointLocation", args.checkpointLocation())
                .trigger(Trigger.ProcessingTime(args.triggerInterval().toMillis()))
                .start();
    }
}
