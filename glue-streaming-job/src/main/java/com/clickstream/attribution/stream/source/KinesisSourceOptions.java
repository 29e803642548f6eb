package com.clickstream.attribution.stream.source;

import com.clickstream.attribution.support.aws.LoopbackEndpoints;
import com.clickstream.attribution.stream.job.JobArguments;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one place that knows how our settings become a Kinesis source's options. Only the job
 * reaches Kinesis through here; the pipeline sees {@link RawRecords}.
 *
 * <table>
 *   <caption>Setting -> option, per connector</caption>
 *   <tr><th>setting</th><th>qubole ({@code kinesis}, local)</th><th>awslabs ({@code aws-kinesis}, Glue)</th></tr>
 *   <tr><td>stream</td><td>{@code streamName}</td><td>{@code kinesis.streamName}</td></tr>
 *   <tr><td>endpoint (override or {@code https://kinesis.<region>.amazonaws.com})</td><td>{@code endpointUrl}</td><td>{@code kinesis.endpointUrl}</td></tr>
 *   <tr><td>region</td><td>{@code regionName}</td><td>{@code kinesis.region}</td></tr>
 *   <tr><td>starting position</td><td>{@code startingposition}</td><td>{@code kinesis.startingPosition}</td></tr>
 *   <tr><td>records per GetRecords</td><td>{@code kinesis.executor.maxRecordPerRead}</td><td>(connector default)</td></tr>
 *   <tr><td>consumer</td><td>GetRecords (only choice)</td><td>{@code kinesis.consumerType=GetRecords}</td></tr>
 *   <tr><td>Kinesis API retries ({@value #API_ATTEMPTS} attempts, waits from {@value #API_RETRY_INTERVAL_MS} ms
 *       doubling to {@value #API_MAX_RETRY_INTERVAL_MS} ms)</td><td>{@code kinesis.client.numRetries},
 *       {@code kinesis.client.retryIntervalMs}, {@code kinesis.client.maxRetryIntervalMs}</td><td>{@code kinesis.clientNumRetries},
 *       {@code kinesis.clientRetryIntervalsMs}, {@code kinesis.clientMaxRetryIntervalMs}</td></tr>
 *   <tr><td>credentials</td><td>{@code awsAccessKeyId}/{@code awsSecretKey} = dummies for a loopback endpoint, else the default chain</td><td>default chain (the Glue job role)</td></tr>
 * </table>
 *
 * <p>qubole reads its tuning options only with the {@code kinesis.} prefix; unprefixed or
 * Databricks-style names are silently ignored (checked, see NOTES). Its shaded AWS SDK v1 must
 * not speak CBOR to kinesalite: {@link #read} sets
 * {@code org.apache.spark.sql.kinesis.shaded.amazonaws.sdk.disableCbor=true} for a local endpoint,
 * which reaches the executors in local mode (they share the JVM); forked test JVMs also set it,
 * and {@code AWS_CBOR_DISABLE=true}, on the command line.
 *
 * <p><b>Throttling.</b> Both connectors wrap each Kinesis call (GetRecords, GetShardIterator, the
 * shard listing) in their own retry loop for ProvisionedThroughputExceeded / LimitExceeded (and 5xx),
 * on top of their SDK's retries, and fail the task, hence the query, when it runs out. qubole's
 * default is 3 attempts, 1 s then 2 s apart: with a shard's 5 reads/s shared by several consumers,
 * KinesisThrottlingFaultIT saw it give up ("Gave up after 3 retries while get Records for a shard")
 * when 70% of the calls were throttled. So both get {@value #API_ATTEMPTS} attempts with waits from
 * {@value #API_RETRY_INTERVAL_MS} ms doubling up to {@value #API_MAX_RETRY_INTERVAL_MS} ms: about a
 * minute of sustained throttling before the query fails (awslabs' own default is 5 attempts, 1 s to
 * 10 s).
 */
public final class KinesisSourceOptions {

    /** System property the qubole connector's shaded SDK reads. */
    public static final String QUBOLE_DISABLE_CBOR = "org.apache.spark.sql.kinesis.shaded.amazonaws.sdk.disableCbor";

    /** Attempts per Kinesis call in the connector's retry loop (each attempt includes its SDK's own retries). */
    public static final int API_ATTEMPTS = 10;
    /** First wait between two attempts; it doubles each time. */
    public static final long API_RETRY_INTERVAL_MS = 500;
    /** Cap of that wait. */
    public static final long API_MAX_RETRY_INTERVAL_MS = 10_000;

    private final SourceKind kind;
    private final Map<String, String> options;

    private KinesisSourceOptions(SourceKind kind, Map<String, String> options) {
        this.kind = kind;
        this.options = Map.copyOf(options);
    }

    /** The options for reading {@code stream} with the connector {@code args.source()} names. */
    public static KinesisSourceOptions forStream(JobArguments args, String stream) {
        String endpoint = args.kinesisEndpoint().map(URI::toString)
                .orElse("https://kinesis." + args.awsRegion() + ".amazonaws.com");
        Map<String, String> o = new LinkedHashMap<>();
        switch (args.source()) {
            case QUBOLE -> {
                o.put("streamName", stream);
                o.put("endpointUrl", endpoint);
                o.put("regionName", args.awsRegion());
                o.put("startingposition", args.startingPosition());
                o.put("kinesis.executor.maxRecordPerRead", Integer.toString(args.maxRecordsPerRead()));
                o.put("kinesis.client.numRetries", Integer.toString(API_ATTEMPTS));
                o.put("kinesis.client.retryIntervalMs", Long.toString(API_RETRY_INTERVAL_MS));
                o.put("kinesis.client.maxRetryIntervalMs", Long.toString(API_MAX_RETRY_INTERVAL_MS));
                if (args.kinesisEndpoint().filter(LoopbackEndpoints::isLoopback).isPresent()) {
                    // Local servers accept any signature; a laptop may have no credentials at all.
                    o.put("awsAccessKeyId", "local");
                    o.put("awsSecretKey", "local");
                }
            }
            case AWS_KINESIS -> {
                o.put("kinesis.streamName", stream);
                o.put("kinesis.endpointUrl", endpoint);
                o.put("kinesis.region", args.awsRegion());
                o.put("kinesis.startingPosition", args.startingPosition());
                o.put("kinesis.consumerType", "GetRecords");
                o.put("kinesis.clientNumRetries", Integer.toString(API_ATTEMPTS));
                o.put("kinesis.clientRetryIntervalsMs", Long.toString(API_RETRY_INTERVAL_MS));
                o.put("kinesis.clientMaxRetryIntervalMs", Long.toString(API_MAX_RETRY_INTERVAL_MS));
            }
        }
        return new KinesisSourceOptions(args.source(), o);
    }

    public SourceKind kind() {
        return kind;
    }

    public String format() {
        return kind.format();
    }

    public Map<String, String> options() {
        return options;
    }

    /** The stream as {@link RawRecords}. */
    public Dataset<Row> read(SparkSession spark) {
        if (kind == SourceKind.QUBOLE && LoopbackEndpoints.isLoopback(URI.create(options.get("endpointUrl")))) {
            System.setProperty(QUBOLE_DISABLE_CBOR, "true");
        }
        return RawRecords.normalize(spark.readStream().format(format()).options(options).load());
    }
}
