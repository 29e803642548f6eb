package com.clickstream.attribution.stream.job;

import com.clickstream.attribution.support.cli.ErrorLines;
import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.stream.source.SourceKind;
import java.net.URI;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@link StreamingAttributionJob}, one typed getter per key with its default.
 * Glue passes {@code --JOB_NAME name --key value ...} (plus its own keys, which are ignored); a local
 * run takes the same flags. Tests build it from a map ({@link #of(Map)}).
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #JOB_NAME}</td><td>streaming-attribution</td><td>Glue job name (also the Spark app name)</td></tr>
 *   <tr><td>{@value #RUNTIME}</td><td>glue when launched by spark-submit (system property {@code spark.master} set), else local</td><td>{@code local} builds a local[*] session on 127.0.0.1; {@code glue} uses the session the cluster provides</td></tr>
 *   <tr><td>{@value #SOURCE}</td><td>qubole locally, aws-kinesis on Glue</td><td>which Kinesis connector reads the streams ({@link SourceKind})</td></tr>
 *   <tr><td>{@value #CLICKS_STREAM}</td><td>clicks</td><td>Kinesis stream of click events</td></tr>
 *   <tr><td>{@value #CHECKOUTS_STREAM}</td><td>checkouts</td><td>Kinesis stream of checkout events</td></tr>
 *   <tr><td>{@value #KINESIS_ENDPOINT}</td><td>none (the regional AWS endpoint)</td><td>endpoint override, e.g. http://127.0.0.1:4567</td></tr>
 *   <tr><td>{@value #AWS_REGION}</td><td>us-east-1</td><td>region of Kinesis and Secrets Manager</td></tr>
 *   <tr><td>{@value #STARTING_POSITION}</td><td>TRIM_HORIZON locally, LATEST on Glue</td><td>where a NEW checkpoint starts reading; a restart always resumes from the checkpoint</td></tr>
 *   <tr><td>{@value #JDBC_URL}</td><td>required</td><td>PostgreSQL JDBC URL</td></tr>
 *   <tr><td>{@value #DB_USER}</td><td>postgres (or the secret's username)</td><td>database user</td></tr>
 *   <tr><td>{@value #DB_PASSWORD_ENV}</td><td>none</td><td>name of an environment variable holding the password (local runs)</td></tr>
 *   <tr><td>{@value #DB_SECRET_ID}</td><td>none</td><td>Secrets Manager secret with {@code username}/{@code password} (AWS); wins over the env var</td></tr>
 *   <tr><td>{@value #CHECKPOINT_LOCATION}</td><td>required on Glue; locally work/checkpoints/&lt;query_name&gt;</td><td>local folder or s3:// URI</td></tr>
 *   <tr><td>{@value #ATTRIBUTION_WINDOW}</td><td>{@link AttributionWindow#DEFAULT_LENGTH} (1h)</td><td>window W, shared with the batch side</td></tr>
 *   <tr><td>{@value #ALLOWED_LATENESS}</td><td>5m</td><td>watermark delay: events older than max(event_ts) - lateness are late-dropped</td></tr>
 *   <tr><td>{@value #TRIGGER_INTERVAL}</td><td>5s</td><td>micro-batch trigger interval</td></tr>
 *   <tr><td>{@value #STATE_STORE}</td><td>rocksdb on Glue, hdfs locally</td><td>state store provider ({@link StateStore})</td></tr>
 *   <tr><td>{@value #QUERY_NAME}</td><td>attribution</td><td>streaming query name; with the query id it names the sink's progress rows</td></tr>
 *   <tr><td>{@value #MAX_RECORDS_PER_READ}</td><td>10000</td><td>records per GetRecords call and shard (caps a micro-batch on the qubole source)</td></tr>
 *   <tr><td>{@value #SHUFFLE_PARTITIONS}</td><td>8 on Glue; locally the session's setting</td><td>partitions of the attribution state (fixed when a checkpoint is created); each is committed every micro-batch, so Spark's default of 200 would mean 200 state uploads to S3 per batch</td></tr>
 *   <tr><td>{@value #DB_RETRY_FOR}</td><td>5m</td><td>how long a batch keeps retrying while PostgreSQL is unreachable (restart, failover), with capped exponential backoff; 0 = fail at the first error</td></tr>
 *   <tr><td>{@value #EVENT_RETENTION}</td><td>30d ({@code ValidationPolicy.DEFAULT})</td><td>oldest event time accepted, back from the clock; older events are rejected as event_time_before_retention</td></tr>
 *   <tr><td>{@value #DB_SOCKET_TIMEOUT}</td><td>2m</td><td>longest wait for an answer from PostgreSQL (login or statement) before the connection counts as broken and the batch is retried on a new one; 0 = wait forever</td></tr>
 * </table>
 */
public final class JobArguments {

    public static final String JOB_NAME = "JOB_NAME";
    public static final String RUNTIME = "runtime";
    public static final String SOURCE = "source";
    public static final String CLICKS_STREAM = "clicks_stream";
    public static final String CHECKOUTS_STREAM = "checkouts_stream";
    public static final String KINESIS_ENDPOINT = "kinesis_endpoint";
    public static final String AWS_REGION = "aws_region";
    public static final String STARTING_POSITION = "starting_position";
    public static final String JDBC_URL = "jdbc_url";
    public static final String DB_USER = "db_user";
    public static final String DB_PASSWORD_ENV = "db_password_env";
    public static final String DB_SECRET_ID = "db_secret_id";
    public static final String CHECKPOINT_LOCATION = "checkpoint_location";
    public static final String ATTRIBUTION_WINDOW = "attribution_window";
    public static final String ALLOWED_LATENESS = "allowed_lateness";
    public static final String TRIGGER_INTERVAL = "trigger_interval";
    public static final String STATE_STORE = "state_store";
    public static final String QUERY_NAME = "query_name";
    public static final String MAX_RECORDS_PER_READ = "max_records_per_read";
    public static final String SHUFFLE_PARTITIONS = "shuffle_partitions";
    public static final String DB_RETRY_FOR = "db_retry_for";
    public static final String DB_SOCKET_TIMEOUT = "db_socket_timeout";
    public static final String EVENT_RETENTION = "event_retention";

    /** Every key this job reads; Glue's own keys are ignored, other lower-case keys refused (see {@link #refuseUnknownKeys()}). */
    public static final Set<String> KEYS = Set.of(JOB_NAME, RUNTIME, SOURCE, CLICKS_STREAM, CHECKOUTS_STREAM,
            KINESIS_ENDPOINT, AWS_REGION, STARTING_POSITION, JDBC_URL, DB_USER, DB_PASSWORD_ENV, DB_SECRET_ID,
            CHECKPOINT_LOCATION, ATTRIBUTION_WINDOW, ALLOWED_LATENESS, TRIGGER_INTERVAL, STATE_STORE, QUERY_NAME,
            MAX_RECORDS_PER_READ, SHUFFLE_PARTITIONS, DB_RETRY_FOR, DB_SOCKET_TIMEOUT, EVENT_RETENTION);

    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofMinutes(5);
    public static final Duration DEFAULT_TRIGGER_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DB_RETRY_FOR = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DB_SOCKET_TIMEOUT = Duration.ofMinutes(2);

    /** Where the job runs. */
    public enum Runtime {
        LOCAL, GLUE
    }

    /** Spark state store providers. */
    public enum StateStore {
        ROCKSDB("org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider"),
        HDFS("org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider");

        private final String providerClass;

        StateStore(String providerClass) {
            this.providerClass = providerClass;
        }

        /** Value of {@code spark.sql.streaming.stateStore.providerClass}. */
        public String providerClass() {
            return providerClass;
        }
    }

    private final Map<String, String> values;
    private final Runtime runtime;

    private JobArguments(Map<String, String> values, boolean launchedBySparkSubmit) {
        this.values = Map.copyOf(values);
        this.runtime = named(RUNTIME, () -> Optional.ofNullable(values.get(RUNTIME))
                .map(v -> oneOf(Runtime.class, v))
                .orElse(launchedBySparkSubmit ? Runtime.GLUE : Runtime.LOCAL));
        validate();
    }

    /** Arguments as Glue (or a shell) passes them: {@code --key value}; a key without a value is {@code true}. */
    public static JobArguments parse(String[] args) {
        return new JobArguments(toMap(List.of(args)), System.getProperty("spark.master") != null);
    }

    /** Arguments from a map (keys without the leading dashes); the runtime defaults to local. */
    public static JobArguments of(Map<String, String> values) {
        return new JobArguments(values, false);
    }

    static Map<String, String> toMap(List<String> args) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected --key, got '" + arg + "'");
            }
            String key = arg.substring(2);
            int eq = key.indexOf('=');
            if (eq > 0) {
                map.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                map.put(key, args.get(++i));
            } else {
                map.put(key, "true");
            }
        }
        return map;
    }

    private void validate() {
        refuseUnknownKeys();
        // Parse everything once so a bad value fails at start-up, not at the first micro-batch; each
        // failure names its key.
        named(SOURCE, this::source);
        named(STARTING_POSITION, this::startingPosition);
        named(ATTRIBUTION_WINDOW, this::attributionWindow);
        named(ALLOWED_LATENESS, this::allowedLateness);
        named(TRIGGER_INTERVAL, this::triggerInterval);
        named(STATE_STORE, this::stateStore);
        named(MAX_RECORDS_PER_READ, this::maxRecordsPerRead);
        named(SHUFFLE_PARTITIONS, this::shufflePartitions);
        named(DB_RETRY_FOR, this::dbRetryFor);
        named(DB_SOCKET_TIMEOUT, this::dbSocketTimeout);
        named(EVENT_RETENTION, this::eventRetention);
        named(KINESIS_ENDPOINT, this::kinesisEndpoint);
        if (runtime == Runtime.GLUE && !values.containsKey(CHECKPOINT_LOCATION)) {
            throw new IllegalArgumentException("--" + CHECKPOINT_LOCATION + " is required on Glue (an s3:// URI)");
        }
    }

    /**
     * Glue passes keys of its own ({@code --TempDir}, {@code --JOB_ID}, {@code --job-bookmark-option},
     * {@code --class}, {@code --conf}, ...: with a capital letter or a hyphen, or in {@link #GLUE_LOWER_CASE_KEYS}),
     * which are ignored. A lower-case snake_case key that is not one of {@link #KEYS} can only be a typo
     * of one of ours, which would otherwise be silently ignored: refused.
     */
    private void refuseUnknownKeys() {
        for (String key : values.keySet()) {
            if (key.matches("[a-z0-9_]+") && !KEYS.contains(key) && !GLUE_LOWER_CASE_KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown argument --" + key
                        + ErrorLines.closest(key, KEYS).map(k -> " (did you mean --" + k + "?)").orElse("")
                        + "; this job reads --" + String.join(", --", new java.util.TreeSet<>(KEYS)));
            }
        }
    }

    /** Glue's own keys without a capital letter or a hyphen (passed through, ignored). */
    static final Set<String> GLUE_LOWER_CASE_KEYS = Set.of("class", "conf");


    private static <E extends Enum<E>> E oneOf(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList(), e);
        }
    }

    /** {@code read}'s value; its failure as {@code --key 'value': reason} unless the reason names the key already. */
    private <T> T named(String key, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            String reason = e instanceof NumberFormatException ? "not a whole number"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (reason.contains("--" + key)) {
                throw e;
            }
            throw new IllegalArgumentException("--" + key + " '" + values.get(key) + "': " + reason, e);
        }
    }

    public Runtime runtime() {
        return runtime;
    }

    public String jobName() {
        return get(JOB_NAME, "streaming-attribution");
    }

    public SourceKind source() {
        return Optional.ofNullable(values.get(SOURCE)).map(SourceKind::fromName)
                .orElse(runtime == Runtime.GLUE ? SourceKind.AWS_KINESIS : SourceKind.QUBOLE);
    }

    public String clicksStream() {
        return get(CLICKS_STREAM, "clicks");
    }

    public String checkoutsStream() {
        return get(CHECKOUTS_STREAM, "checkouts");
    }

    /** Endpoint override, empty for the regional AWS endpoint. */
    public Optional<URI> kinesisEndpoint() {
        return Optional.ofNullable(values.get(KINESIS_ENDPOINT)).filter(v -> !v.isBlank()).map(URI::create);
    }

    public String awsRegion() {
        return get(AWS_REGION, "us-east-1");
    }

    /**
     * Where a new checkpoint starts reading: TRIM_HORIZON locally (a test or demo reads what was put
     * before the job started), LATEST on Glue (events from before a fresh checkpoint are the
     * reconciler's job from S3; replaying the stream's retention would only push them behind the
     * watermark). TRIM_HORIZON, LATEST or EARLIEST (= TRIM_HORIZON).
     */
    public String startingPosition() {
        String value = get(STARTING_POSITION, runtime == Runtime.GLUE ? "LATEST" : "TRIM_HORIZON")
                .trim().toUpperCase(Locale.ROOT);
        if (value.equals("EARLIEST")) {
            return "TRIM_HORIZON";
        }
        if (!value.equals("TRIM_HORIZON") && !value.equals("LATEST")) {
            throw new IllegalArgumentException("--" + STARTING_POSITION + " must be TRIM_HORIZON, EARLIEST or LATEST: " + value);
        }
        return value;
    }

    /** The JDBC URL; empty when not given (then the Secrets Manager secret must name the host). */
    public Optional<String> jdbcUrl() {
        return Optional.ofNullable(values.get(JDBC_URL)).filter(v -> !v.isBlank());
    }

    public Optional<String> dbUser() {
        return Optional.ofNullable(values.get(DB_USER)).filter(v -> !v.isBlank());
    }

    public Optional<String> dbPasswordEnv() {
        return Optional.ofNullable(values.get(DB_PASSWORD_ENV)).filter(v -> !v.isBlank());
    }

    public Optional<String> dbSecretId() {
        return Optional.ofNullable(values.get(DB_SECRET_ID)).filter(v -> !v.isBlank());
    }

    public String checkpointLocation() {
        return get(CHECKPOINT_LOCATION, "work/checkpoints/" + queryName());
    }

    public AttributionWindow attributionWindow() {
        return values.containsKey(ATTRIBUTION_WINDOW)
                ? AttributionWindow.parse(values.get(ATTRIBUTION_WINDOW))
                : AttributionWindow.DEFAULT;
    }

    public Duration allowedLateness() {
        Duration d = values.containsKey(ALLOWED_LATENESS) ? Durations.parse(values.get(ALLOWED_LATENESS))
                : DEFAULT_ALLOWED_LATENESS;
        if (d.isNegative()) {
            throw new IllegalArgumentException("--" + ALLOWED_LATENESS + " must not be negative: " + d);
        }
        return d;
    }

    /**
     * Oldest event time the validator accepts, counted back from the machine's clock
     * ({@code event_time_before_retention} beyond it); the contract's default, 30 days. Longer only
     * to replay old input (the checkpoint-fixture test does).
     */
    public Duration eventRetention() {
        Duration d = values.containsKey(EVENT_RETENTION) ? Durations.parse(values.get(EVENT_RETENTION))
                : ValidationPolicy.DEFAULT.retention();
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("--" + EVENT_RETENTION + " must be positive: " + d);
        }
        return d;
    }

    public Duration triggerInterval() {
        Duration d = values.containsKey(TRIGGER_INTERVAL) ? Durations.parse(values.get(TRIGGER_INTERVAL))
                : DEFAULT_TRIGGER_INTERVAL;
        if (d.isNegative()) {
            throw new IllegalArgumentException("--" + TRIGGER_INTERVAL + " must not be negative: " + d);
        }
        return d;
    }

    public StateStore stateStore() {
        return Optional.ofNullable(values.get(STATE_STORE))
                .map(v -> oneOf(StateStore.class, v))
                .orElse(runtime == Runtime.GLUE ? StateStore.ROCKSDB : StateStore.HDFS);
    }

    public String queryName() {
        return get(QUERY_NAME, "attribution");
    }

    public int maxRecordsPerRead() {
        int n = Integer.parseInt(get(MAX_RECORDS_PER_READ, "10000"));
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("--" + MAX_RECORDS_PER_READ + " must be 1..10000 (the GetRecords limit): " + n);
        }
        return n;
    }

    /** Shuffle (= state) partitions to set for a new checkpoint; empty = keep the session's setting. */
    public Optional<Integer> shufflePartitions() {
        String value = values.get(SHUFFLE_PARTITIONS);
        if (value == null || value.isBlank()) {
            return runtime == Runtime.GLUE ? Optional.of(8) : Optional.empty();
        }
        int n = Integer.parseInt(value.trim());
        if (n < 1) {
            throw new IllegalArgumentException("--" + SHUFFLE_PARTITIONS + " must be positive: " + n);
        }
        return Optional.of(n);
    }

    /** How long the sink retries a batch while the database is unreachable (0 = not at all). */
    public Duration dbRetryFor() {
        Duration d = values.containsKey(DB_RETRY_FOR) ? Durations.parse(values.get(DB_RETRY_FOR)) : DEFAULT_DB_RETRY_FOR;
        if (d.isNegative()) {
            throw new IllegalArgumentException("--" + DB_RETRY_FOR + " must not be negative: " + d);
        }
        return d;
    }

    /**
     * How long the sink waits for PostgreSQL to answer (0 = forever): a server that hangs without closing
     * the connection then fails the attempt like a broken connection, which {@link #dbRetryFor()} retries.
     * Whole seconds (the driver's unit), at least 1 s.
     */
    public Duration dbSocketTimeout() {
        Duration d = values.containsKey(DB_SOCKET_TIMEOUT) ? Durations.parse(values.get(DB_SOCKET_TIMEOUT))
                : DEFAULT_DB_SOCKET_TIMEOUT;
        if (d.isNegative() || (!d.isZero() && d.compareTo(Duration.ofSeconds(1)) < 0)) {
            throw new IllegalArgumentException("--" + DB_SOCKET_TIMEOUT + " must be 0 (no timeout) or at least 1s: " + d);
        }
        return d;
    }

    /** Keys given that this job does not read (Glue's own, or typos); logged at start. */
    public Set<String> unknownKeys() {
        return values.keySet().stream().filter(k -> !KEYS.contains(k)).collect(java.util.stream.Collectors.toSet());
    }

    private String get(String key, String defaultValue) {
        String v = values.get(key);
        return v == null || v.isBlank() ? defaultValue : v;
    }

    /** The arguments without secrets, for the start-up log. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(values);
        shown.keySet().retainAll(KEYS);
        return "JobArguments" + shown + " runtime=" + runtime;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobArguments other && values.equals(other.values) && runtime == other.runtime;
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, runtime);
    }
}
