package com.clickstream.attribution.stream.attribution;

import static com.clickstream.attribution.stream.TestEvents.checkout;
import static com.clickstream.attribution.stream.TestEvents.click;
import static com.clickstream.attribution.stream.TestEvents.json;
import static com.clickstream.attribution.stream.TestEvents.minutes;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.stream.MemoryHarness;
import com.clickstream.attribution.stream.SparkTestBase;
import com.clickstream.attribution.stream.WorkDir;
import com.clickstream.attribution.stream.job.AttributionQuery;
import com.clickstream.attribution.stream.job.JobArguments;
import com.clickstream.attribution.stream.sink.model.SinkBatch;
import com.clickstream.attribution.stream.source.RawRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The query's watermark follows the slower of the two streams even in a micro-batch where one stream
 * read nothing (issue 14, the catch-up bug). Two separate sources, as the job has (one per Kinesis
 * stream), so that a batch can have new data on one and none on the other: Spark then plans the idle
 * source as an empty relation, and Spark 3.5's {@code WatermarkTracker} keys each watermark operator by
 * its position in the executed plan. Each step waits for the sources' committed offsets, batch by batch.
 */
class PerStreamWatermarkTest extends SparkTestBase {

    private static final Duration LATENESS = Duration.ofMinutes(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final AtomicInteger IDS = new AtomicInteger(7000);

    @RegisterExtension
    final WorkDir work = new WorkDir();

    private final AtomicLong lateDropped = new AtomicLong();
    private final AtomicLong eventsIn = new AtomicLong();
    private MemoryStream<String> clicks;
    private MemoryStream<String> checkouts;
    private JobArguments args;
    private StreamingQuery query;

    @AfterEach
    void stop() throws Exception {
        if (query != null) {
            query.stop();
        }
    }

    @Test
    void aBatchThatReadsOnlyCheckoutsDoesNotMoveTheWatermarkPastTheClicksStream() throws Exception {
        start();
        send(List.of(json(click("k-1", "u1", minutes(10), "google"))),
                List.of(json(checkout("o-1", "u1", minutes(10), "10.00"))));
        // only the checkouts stream has new records: the clicks stream is at 10m, so the watermark stays at 5m
        send(List.of(), List.of(json(checkout("o-2", "u2", minutes(60), "10.00"))));
        send(List.of(), List.of(json(checkout("o-3", "u3", minutes(61), "10.00"))));
        assertThat(watermark()).as("the watermark while clicks are at 10m").isEqualTo(minutes(10).minus(LATENESS));
        // a click 10 minutes after the clicks stream's last one is on time for its own stream
        send(List.of(json(click("k-2", "u2", minutes(20), "email"))), List.of());

        assertThat(lateDropped.get()).as("late-dropped").isZero();
        assertThat(watermark()).as("the watermark once clicks are at 20m").isEqualTo(minutes(20).minus(LATENESS));
        assertThat(eventsIn.get()).isEqualTo(5);
    }

    @Test
    void afterARestartTheFirstBatchThatReadsOnlyCheckoutsDoesNotMoveTheWatermarkPastTheClicksStream()
            throws Exception {
        start();
        send(List.of(json(click("k-1", "u1", minutes(10), "google"))),
                List.of(json(checkout("o-1", "u1", minutes(10), "10.00"))));
        query.stop();

        // the backlog of the stop: checkouts far ahead in event time, no new clicks yet
        start();
        send(List.of(), List.of(json(checkout("o-2", "u2", minutes(60), "10.00"))));
        assertThat(watermark()).as("the watermark while clicks are at 10m").isEqualTo(minutes(10).minus(LATENESS));
        send(List.of(json(click("k-2", "u2", minutes(20), "email"))), List.of());

        assertThat(lateDropped.get()).as("late-dropped").isZero();
        assertThat(watermark()).as("the watermark once clicks are at 20m").isEqualTo(minutes(20).minus(LATENESS));
        assertThat(eventsIn.get()).isEqualTo(4);
    }

    /** Starts the query on {@link #work}'s checkpoint; the sources are created once and kept across restarts. */
    private void start() throws Exception {
        if (clicks == null) {
            args = MemoryHarness.arguments(work.path().resolve("checkpoint"),
                    Map.of(JobArguments.ALLOWED_LATENESS, LATENESS.toMinutes() + "m"));
            clicks = new MemoryStream<>(IDS.incrementAndGet(), spark().sqlContext(), Option.empty(), Encoders.STRING());
            checkouts = new MemoryStream<>(IDS.incrementAndGet(), spark().sqlContext(), Option.empty(), Encoders.STRING());
        }
        VoidFunction2<Dataset<Row>, Long> sink = (batch, id) -> {
            SinkBatch rows = SinkBatch.from(batch.collectAsList());
            lateDropped.addAndGet(rows.lateDropped());
            eventsIn.addAndGet(rows.eventsIn());
        };
        query = AttributionQuery.start(raw(clicks, args.clicksStream()), raw(checkouts, args.checkoutsStream()), args,
                sink);
    }

    private static Dataset<Row> raw(MemoryStream<String> source, String streamName) {
        return source.toDF().select(
                col("value").cast("binary").as(RawRecords.DATA),
                lit(streamName).as(RawRecords.STREAM_NAME),
                get_json_object(col("value"), "$.user_id").as(RawRecords.PARTITION_KEY),
                lit(null).cast("string").as(RawRecords.SEQUENCE_NUMBER),
                current_timestamp().as(RawRecords.ARRIVAL_TS));
    }

    /** Adds the records (an empty list adds nothing to that stream) and waits until a batch committed them. */
    private void send(List<String> clickRecords, List<String> checkoutRecords) {
        String clicksTarget = add(clicks, clickRecords);
        String checkoutsTarget = add(checkouts, checkoutRecords);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (query.exception().isDefined()) {
                throw new IllegalStateException("query failed", query.exception().get());
            }
            if (committed(clicks, clicksTarget) && committed(checkouts, checkoutsTarget)) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("offsets " + clicksTarget + ", " + checkoutsTarget + " not committed within "
                + TIMEOUT);
    }

    private static String add(MemoryStream<String> source, List<String> records) {
        if (records.isEmpty()) {
            return null;
        }
        return source.addData(JavaConverters.asScalaBuffer(records).toSeq()).json();
    }

    /** True once a finished batch ended at {@code target} on that source (null: nothing to wait for). */
    private boolean committed(MemoryStream<String> source, String target) {
        if (target == null) {
            return true;
        }
        for (StreamingQueryProgress p : query.recentProgress()) {
            for (SourceProgress s : p.sources()) {
                if (s.description().equals(source.toString()) && target.equals(s.endOffset())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The watermark the query holds after the last committed batch: Spark's progress of a batch shows the
     * watermark it ran with, which the batch before it computed, so this waits for the next batch (with
     * processing-time timeouts Spark runs one every trigger, 100 ms here).
     */
    private Instant watermark() {
        long after = query.lastProgress().batchId();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            StreamingQueryProgress p = query.lastProgress();
            if (p.batchId() > after) {
                return Instant.parse(p.eventTime().get("watermark"));
            }
            pause();
        }
        throw new IllegalStateException("no batch after " + after + " within " + TIMEOUT);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
