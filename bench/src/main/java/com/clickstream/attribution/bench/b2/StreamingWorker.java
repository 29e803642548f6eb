package com.clickstream.attribution.bench.b2;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import com.clickstream.attribution.bench.harness.ChildRun;
import com.clickstream.attribution.bench.harness.PeakRss;
import com.clickstream.attribution.stream.job.AttributionQuery;
import com.clickstream.attribution.stream.job.JobArguments;
import com.clickstream.attribution.stream.job.LocalSpark;
import com.clickstream.attribution.stream.job.StreamingAttributionJob;
import com.clickstream.attribution.stream.sink.DatabaseSettings;
import com.clickstream.attribution.stream.sink.PostgresBatchWriter;
import com.clickstream.attribution.stream.sink.PostgresSink;
import com.clickstream.attribution.stream.source.RawRecords;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import scala.Option;
import scala.Tuple3;
import scala.collection.JavaConverters;

/**
 * The streaming job in a child JVM on the job's own classpath (plus bench/target/classes), on
 * {@code local[2]} (the job's own {@code run()} would take {@code local[*]}):
 * <ul>
 *   <li>{@code kinesis}: {@link StreamingAttributionJob#start} itself (qubole Kinesis source, the
 *       PostgreSQL sink); the parent feeds Kinesis.</li>
 *   <li>{@code memory}: the same {@link AttributionQuery} and {@link PostgresSink} on a MemoryStream
 *       with 4 partitions per batch (as 2 streams x 2 shards), fed here from the data set at the rate
 *       the parent asks for (see {@link ControlDir}).</li>
 * </ul>
 * Arguments: {@code kinesis|memory controlDir dataFile --job_arg value ...}. Uses only the JDK,
 * Spark and the job's classes (and Jackson for the RESULT line, which Spark brings).
 */
public final class StreamingWorker {

    static final long TICK_MILLIS = 100;
    private static final Duration STEP_WAIT = Duration.ofHours(1);

    private StreamingWorker() {
    }

    public static void main(String[] argv) throws Exception {
        String mode = argv[0];
        ControlDir control = new ControlDir(Path.of(argv[1]));
        Path data = Path.of(argv[2]);
        JobArguments args = JobArguments.parse(Arrays.copyOfRange(argv, 3, argv.length));
        SparkSession spark = LocalSpark.builder("local[2]", 4).appName("b2-" + mode).getOrCreate();
        StreamingQuery query;
        MemoryFeed feed = null;
        if (mode.equals("kinesis")) {
            query = new StreamingAttributionJob(args).start(spark);
        } else if (mode.equals("memory")) {
            feed = new MemoryFeed(spark, data);
            DatabaseSettings database = DatabaseSettings.resolve(args, System::getenv, id -> {
                throw new IllegalArgumentException("no secrets here");
            });
            query = AttributionQuery.start(feed.raw(), args,
                    new PostgresSink(args.queryName(), new PostgresBatchWriter(database)));
        } else {
            throw new IllegalArgumentException("mode must be kinesis or memory: " + mode);
        }
        control.write(ControlDir.READY, "");
        StreamingQuery running = query;
        for (int step = 0; ; step++) {
            String next = control.await(STEP_WAIT, running::isActive, ControlDir.STOP, "step-" + step);
            if (next.equals(ControlDir.STOP)) {
                break;
            }
            if (feed == null) {
                throw new IllegalStateException("the kinesis worker is fed by the parent, not by steps");
            }
            String[] p = control.read(next).orElseThrow().trim().split(" ");
            feed.feed(control, step, Double.parseDouble(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
        }
        query.stop();
        spark.stop();
        ChildRun.report(Map.of("mode", mode, "peakRssBytes", PeakRss.self()));
        System.exit(0);
    }

    /** The MemoryStream and its feed from the data file. */
    static final class MemoryFeed {
        private final MemoryStream<Tuple3<String, String, byte[]>> stream;
        private final BufferedReader in;
        private long nextIndex;

        @SuppressWarnings("unchecked")
        MemoryFeed(SparkSession spark, Path data) throws IOException {
            Option<Object> partitions = (Option<Object>) (Option<?>) Option.apply(4);
            this.stream = new MemoryStream<>(1, spark.sqlContext(), partitions,
                    Encoders.tuple(Encoders.STRING(), Encoders.STRING(), Encoders.BINARY()));
            this.in = Files.newBufferedReader(data, StandardCharsets.UTF_8);
        }

        /** The raw-records contract ({@link RawRecords}) over the stream's (stream, key, data) tuples. */
        Dataset<Row> raw() {
            return stream.toDF().select(
                    col("_3").as(RawRecords.DATA),
                    col("_1").as(RawRecords.STREAM_NAME),
                    col("_2").as(RawRecords.PARTITION_KEY),
                    lit(null).cast("string").as(RawRecords.SEQUENCE_NUMBER),
                    current_timestamp().as(RawRecords.ARRIVAL_TS));
        }

        void feed(ControlDir control, int step, double rate, long count, long firstIndex) throws Exception {
            if (firstIndex != nextIndex) {
                throw new IllegalStateException("step " + step + " starts at record " + firstIndex + ", the feed is at "
                        + nextIndex);
            }
            Path log = control.path("sends-" + step + ".part");
            try (BufferedWriter out = Files.newBufferedWriter(log)) {
                PacedLoop.run(rate, count, TICK_MILLIS, (from, to) -> {
                    List<Tuple3<String, String, byte[]>> rows = read(to - from);
                    long start = WallClock.micros();
                    stream.addData(JavaConverters.asScalaBuffer(rows).toSeq());
                    long end = WallClock.micros();
                    out.write(SendLog.line(new SendLog.Chunk(firstIndex + from, firstIndex + to, start, end)));
                });
            }
            nextIndex += count;
            control.write("sends-" + step, Files.readString(log));
            control.write("done-" + step, "");
        }

        private List<Tuple3<String, String, byte[]>> read(long n) throws IOException {
            List<Tuple3<String, String, byte[]>> rows = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                String line = in.readLine();
                if (line == null) {
                    throw new IllegalStateException("the data set ran out");
                }
                String[] p = line.split("\t", 3);
                rows.add(new Tuple3<>(p[0], p[1], p[2].getBytes(StandardCharsets.UTF_8)));
            }
            return rows;
        }
    }
}
