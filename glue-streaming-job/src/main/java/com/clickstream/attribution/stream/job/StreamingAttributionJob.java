package com.clickstream.attribution.stream.job;

import static com.clickstream.attribution.support.cli.ErrorLines.describe;
import static com.clickstream.attribution.support.cli.ErrorLines.oneLine;

import com.clickstream.attribution.stream.sink.DatabaseSettings;
import com.clickstream.attribution.stream.sink.PostgresBatchWriter;
import com.clickstream.attribution.stream.sink.PostgresSink;
import com.clickstream.attribution.stream.source.KinesisSourceOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The streaming attribution job: Kinesis {@code clicks} + {@code checkouts} -> validation ->
 * first-click attribution in Spark state -> PostgreSQL, exactly once per micro-batch.
 *
 * <p>{@code main} parses the arguments ({@link JobArguments}); {@link #run()} chooses the session
 * (Glue: the one the cluster provides; local: {@code local[*]} on 127.0.0.1) and calls
 * {@link #runJob(SparkSession)}, which starts the query and blocks until it ends. A failed
 * micro-batch fails the query and so the job; Glue's retry (or the orchestrator) starts it again
 * and it resumes from the checkpoint. See docs/streaming.md.
 */
public final class StreamingAttributionJob {

    private static final Logger log = LoggerFactory.getLogger(StreamingAttributionJob.class);

    private final JobArguments args;

    public StreamingAttributionJob(JobArguments args) {
        this.args = Objects.requireNonNull(args, "args");
    }

    /** Exit codes of a command-line run: the query ended or failed, or the arguments were bad. */
    public static final int FAILED = 1;
    public static final int BAD_ARGUMENTS = 2;

    /**
     * Under spark-submit (Glue: system property {@code spark.master} is set) errors are thrown, and Glue
     * shows their message as the run's error. Run from the command line (local runtime), errors are one
     * line on stderr and an exit code ({@link #run(String[], PrintStream)}).
     */
    public static void main(String[] argv) throws Exception {
        if (System.getProperty("spark.master") != null) {
            new StreamingAttributionJob(JobArguments.parse(argv)).run();
            return;
        }
        int exitCode = run(argv, System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /**
     * A command-line run: checks the arguments ({@link #BAD_ARGUMENTS} with one line on stderr naming
     * the argument), then that PostgreSQL and the Kinesis endpoint answer ({@link StartupCheck};
     * {@link #FAILED} with one line naming each that does not), then runs the job until it stops (0)
     * or fails ({@link #FAILED} with the reason on one line; Spark's own log, before it, has the details).
     */
    public static int run(String[] argv, PrintStream err) {
        JobArguments args;
        DatabaseSettings database;
        StreamingAttributionJob job;
        try {
            args = JobArguments.parse(argv);
            job = new StreamingAttributionJob(args);
            database = DatabaseSettings.resolve(args, System::getenv, job::readSecret);
            if (!database.jdbcUrl().startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("--" + JobArguments.JDBC_URL
                        + " must be a jdbc:postgresql://host:port/database URL, was '" + database.jdbcUrl() + "'");
            }
        } catch (IllegalArgumentException e) {
            err.println("streaming job: bad arguments: " + oneLine(e.getMessage()));
            return BAD_ARGUMENTS;
        } catch (RuntimeException e) { // the secret could not be read
            err.println("streaming job: failed: " + describe(e));
            return FAILED;
        }
        List<String> unreachable = StartupCheck.unreachable(args, database);
        if (!unreachable.isEmpty()) {
            err.println("streaming job: failed: cannot reach " + String.join("; ", unreachable));
            return FAILED;
        }
        try {
            job.run();
            return 0;
        } catch (Exception e) { // Spark has logged the query's failure with its stack trace
            err.println("streaming job: failed: " + describe(e));
            return FAILED;
        }
    }

    /**
     * An exception as one line: the first line of its message and of its causes' (each once); Spark's
     * messages go on with the query plan, which the log has.
     */

    public void run() throws StreamingQueryException, TimeoutException {
        log.info("starting {}", args);
        if (!args.unknownKeys().isEmpty()) {
            log.info("ignoring arguments this job does not read: {}", args.unknownKeys());
        }
        SparkSession spark = args.runtime() == JobArguments.Runtime.GLUE
                ? SparkSession.builder().appName(args.jobName()).getOrCreate()
                : LocalSpark.builder("local[*]", 4).appName(args.jobName()).getOrCreate();
        runJob(spark);
    }

    /** Starts the query on {@code spark} and blocks until it stops or fails. */
    public void runJob(SparkSession spark) throws StreamingQueryException, TimeoutException {
        StreamingQuery query = start(spark);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                query.stop(); // Glue's stop sends SIGTERM: end the current batch cleanly
            } catch (TimeoutException e) {
                log.warn("query did not stop in time", e);
            }
        }, "stop-attribution-query"));
        query.awaitTermination();
    }

    /** Starts the query: Kinesis sources, the pipeline, the PostgreSQL sink. */
    public StreamingQuery start(SparkSession spark) throws TimeoutException {
        Dataset<Row> clicks = KinesisSourceOptions.forStream(args, args.clicksStream()).read(spark);
        Dataset<Row> checkouts = KinesisSourceOptions.forStream(args, args.checkoutsStream()).read(spark);
        DatabaseSettings database = DatabaseSettings.resolve(args, System::getenv, this::readSecret);
        log.info("sink: {}", database);
        PostgresSink sink = new PostgresSink(args.queryName(), new PostgresBatchWriter(database));
        return AttributionQuery.start(clicks, checkouts, args, sink);
    }

    public JobArguments arguments() {
        return args;
    }

    private String readSecret(String secretId) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .region(Region.of(args.awsRegion()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            return client.getSecretValue(b -> b.secretId(secretId)).secretString();
        }
    }
}
