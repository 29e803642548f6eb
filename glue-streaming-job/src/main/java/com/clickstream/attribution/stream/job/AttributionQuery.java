package com.clickstream.attribution.stream.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import com.clickstream.attribution.stream.attribution.AttributionPipeline;
import com.clickstream.attribution.stream.parse.ParseRecords;
import com.clickstream.attribution.stream.source.RawRecords;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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

    /** How Spark combines several inputs' watermarks into the query's. */
    public static final String MULTIPLE_WATERMARK_POLICY = "spark.sql.streaming.multipleWatermarkPolicy";

    private AttributionQuery() {
    }

    /**
     * One source that carries both streams' records, told apart by {@link RawRecords#STREAM_NAME}:
     * the checkouts stream's records are one input, all others the clicks input (a record of another
     * stream name is parsed as either type, see ParseRecords). The source is scanned once per input,
     * so this is only for replayable in-memory sources (tests, the bench's memory feed); the job
     * passes its two Kinesis sources to {@link #start(Dataset, Dataset, JobArguments, VoidFunction2)}.
     */
    public static StreamingQuery start(Dataset<Row> raw, JobArguments args, VoidFunction2<Dataset<Row>, Long> sink)
            throws TimeoutException {
        Column checkouts = col(RawRecords.STREAM_NAME).eqNullSafe(args.checkoutsStream());
        return start(raw.filter(not(checkouts)), raw.filter(checkouts), args, sink);
    }

    /** The query over the clicks and checkouts sources ({@link RawRecords}), each with its own watermark. */
    public static StreamingQuery start(Dataset<Row> clicksRaw, Dataset<Row> checkoutsRaw, JobArguments args,
                                       VoidFunction2<Dataset<Row>, Long> sink) throws TimeoutException {
        Objects.requireNonNull(clicksRaw, "clicksRaw");
        Objects.requireNonNull(checkoutsRaw, "checkoutsRaw");
        SparkSession spark = clicksRaw.sparkSession();
        // Recorded in the checkpoint's first batch; a restart keeps the provider it started with.
        spark.conf().set(STATE_STORE_PROVIDER, args.stateStore().providerClass());
        // Also recorded in the checkpoint: the number of state partitions cannot change later.
        args.shufflePartitions().ifPresent(n -> spark.conf().set("spark.sql.shuffle.partitions", n.longValue()));
        // Spark's default, said out loud (and recorded in the checkpoint): the query's watermark is the
        // smallest of the streams' watermarks, so it follows the input that has read the least.
        spark.conf().set(MULTIPLE_WATERMARK_POLICY, "min");
        ParseRecords parser = new ParseRecords(args.clicksStream(), args.checkoutsStream(), args.eventRetention());
        Dataset<Row> output = AttributionPipeline.build(clicksRaw, checkoutsRaw, parser, args.attributionWindow(),
                args.allowedLateness());
        return output.writeStream()
                .queryName(args.queryName())
                .foreachBatch(sink)
                .option("checkpointLocation", args.checkpointLocation())
                .trigger(Trigger.ProcessingTime(args.triggerInterval().toMillis()))
                .start();
    }
}
