package com.clickstream.attribution.stream;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.clickstream.attribution.stream.job.AttributionQuery;
import com.clickstream.attribution.stream.job.JobArguments;
import com.clickstream.attribution.stream.source.RawRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Drives {@link AttributionQuery} from a MemoryStream of wire records (JSON text): each
 * {@link #send} is one micro-batch, and returns once that batch is committed to the sink, so a test
 * controls the watermark batch by batch. Records go to the clicks or the checkouts stream by their
 * {@code event_type}, and each stream has its own watermark: the watermark of batch n+1 is the smaller
 * of the two streams' largest event times up to batch n, minus the allowed lateness (0 while a stream
 * has read nothing).
 */
public final class MemoryHarness implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final MemoryStream<String> stream;
    private final StreamingQuery query;
    private final JobArguments args;

    private MemoryHarness(MemoryStream<String> stream, StreamingQuery query, JobArguments args) {
        this.stream = stream;
        this.query = query;
        this.args = args;
    }

    /** Default test arguments: trigger 100 ms, the given checkpoint; {@code overrides} win. */
    public static JobArguments arguments(Path checkpoint, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put(JobArguments.CHECKPOINT_LOCATION, checkpoint.toString());
        values.put(JobArguments.TRIGGER_INTERVAL, "100ms");
        values.put(JobArguments.QUERY_NAME, "test-" + IDS.incrementAndGet());
        values.put(JobArguments.JDBC_URL, "jdbc:unused");
        values.putAll(overrides);
        return JobArguments.of(values);
    }

    public static MemoryHarness start(SparkSession spark, JobArguments args, VoidFunction2<Dataset<Row>, Long> sink)
            throws Exception {
        return start(spark, args, sink, 0);
    }

    /**
     * Resumes a checkpoint whose source had read {@code sourceBatchesRead} MemoryStream batches: a new
     * MemoryStream starts at offset -1, so it first gets that many empty batches (before the query
     * starts, so Spark never sees its offset behind the checkpoint's), and the next {@link #send} is
     * the first batch after the checkpoint.
     */
    public static MemoryHarness start(SparkSession spark, JobArguments args, VoidFunction2<Dataset<Row>, Long> sink,
                                      int sourceBatchesRead) throws Exception {
        MemoryStream<String> stream = new MemoryStream<>(IDS.incrementAndGet(), spark.sqlContext(), Option.empty(),
                Encoders.STRING());
        for (int i = 0; i < sourceBatchesRead; i++) {
            stream.addData(JavaConverters.asScalaBuffer(List.<String>of()).toSeq());
        }
        Dataset<Row> raw = stream.toDF().select(
                col("value").cast("binary").as(RawRecords.DATA),
                // as the file feed routes lines: checkouts to the checkouts stream, everything else to clicks
                when(get_json_object(col("value"), "$.event_type").equalTo("checkout"), lit(args.checkoutsStream()))
                        .otherwise(lit(args.clicksStream())).as(RawRecords.STREAM_NAME),
                coalesce(get_json_object(col("value"), "$.user_id"), lit("")).as(RawRecords.PARTITION_KEY),
                lit(null).cast("string").as(RawRecords.SEQUENCE_NUMBER),
                current_timestamp().as(RawRecords.ARRIVAL_TS));
        return new MemoryHarness(stream, AttributionQuery.start(raw, args, sink), args);
    }

    /** Sends one micro-batch of wire records and waits until the sink has committed it. */
    public void send(List<String> records) {
        Offset offset = stream.addData(JavaConverters.asScalaBuffer(records).toSeq());
        awaitOffset(offset.json());
    }

    public void send(String... records) {
        send(Arrays.asList(records));
    }

    private void awaitOffset(String target) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (query.exception().isDefined()) {
                throw new IllegalStateException("query failed", query.exception().get());
            }
            for (StreamingQueryProgress p : query.recentProgress()) {
                if (p.sources().length > 0 && target.equals(p.sources()[0].endOffset())) {
                    return;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("offset " + target + " not processed within " + TIMEOUT);
    }

    public StreamingQuery query() {
        return query;
    }

    public JobArguments arguments() {
        return args;
    }

    @Override
    public void close() throws Exception {
        query.stop();
    }
}
