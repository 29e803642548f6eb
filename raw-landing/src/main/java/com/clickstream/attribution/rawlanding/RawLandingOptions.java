package com.clickstream.attribution.rawlanding;

import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting of the raw landing, with Firehose-like defaults. Build with {@link #defaults()} and
 * the {@code with...} methods, or from string settings with {@link #fromMap(Map)} (keys below).
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code bucket}</td><td>{@code clickstream-raw}</td><td>S3 bucket of raw objects, error objects and checkpoints</td></tr>
 *   <tr><td>{@code kinesis.endpoint}</td><td>none</td><td>Kinesis endpoint override (e.g. {@code http://127.0.0.1:4567});
 *       none = the SDK's choice ({@code AWS_ENDPOINT_URL_KINESIS}, {@code AWS_ENDPOINT_URL}, else AWS)</td></tr>
 *   <tr><td>{@code s3.endpoint}</td><td>none</td><td>S3 endpoint override (path-style when set); none = as above</td></tr>
 *   <tr><td>{@code region}</td><td>{@code us-east-1}</td><td>signing region</td></tr>
 *   <tr><td>{@code stream.click}, {@code stream.checkout}</td><td>{@code clicks}, {@code checkouts}</td><td>stream per event type</td></tr>
 *   <tr><td>{@code buffer.size}</td><td>64 MiB</td><td>flush a shard's buffers when their records reach this many bytes
 *       (Firehose's Parquet minimum and default; {@code 512KiB}, {@code 8MiB} or plain bytes)</td></tr>
 *   <tr><td>{@code buffer.interval}</td><td>60 s</td><td>flush a shard's buffers when the oldest is this old (Firehose's default)</td></tr>
 *   <tr><td>{@code poll.interval}</td><td>1 s</td><td>wait after an empty GetRecords at the tip of a shard</td></tr>
 *   <tr><td>{@code get.min-interval}</td><td>200 ms</td><td>least time between two GetRecords on one shard (AWS allows 5/s per shard)</td></tr>
 *   <tr><td>{@code get.max-records}</td><td>10000</td><td>records per GetRecords call (the AWS maximum)</td></tr>
 *   <tr><td>{@code initial-position}</td><td>{@code TRIM_HORIZON}</td><td>where a shard without a checkpoint starts ({@code LATEST} to skip history)</td></tr>
 *   <tr><td>{@code checkpoint.prefix}</td><td>{@code _checkpoints/raw-landing/}</td><td>checkpoint keys: prefix + stream + "/" + shard id</td></tr>
 *   <tr><td>{@code quiet-period}</td><td>5 s</td><td>drain mode: a shard is done after being at its tip with no new record this long</td></tr>
 *   <tr><td>{@code progress.interval}</td><td>10 s</td><td>how often progress is logged</td></tr>
 *   <tr><td>{@code retry.max-backoff}</td><td>30 s</td><td>longest wait between retries of a failed S3 or Kinesis call (retries never give up)</td></tr>
 * </table>
 * Validation uses {@link ValidationPolicy#DEFAULT}, judged at each record's arrival time.
 */
public record RawLandingOptions(
        String bucket,
        URI kinesisEndpoint,
        URI s3Endpoint,
        String region,
        Map<EventType, String> streams,
        long bufferBytes,
        Duration bufferInterval,
        Duration pollInterval,
        Duration minGetInterval,
        int maxRecordsPerGet,
        InitialPosition initialPosition,
        String checkpointPrefix,
        Duration quietPeriod,
        Duration progressInterval,
        Duration maxRetryBackoff,
        ValidationPolicy validation) {

    /** Where a shard without a checkpoint starts. */
    public enum InitialPosition { TRIM_HORIZON, LATEST }

    public static final String BUCKET = "bucket";
    public static final String KINESIS_ENDPOINT = "kinesis.endpoint";
    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String REGION = "region";
    public static final String STREAM_PREFIX = "stream.";
    public static final String BUFFER_SIZE = "buffer.size";
    public static final String BUFFER_INTERVAL = "buffer.interval";
    public static final String POLL_INTERVAL = "poll.interval";
    public static final String GET_MIN_INTERVAL = "get.min-interval";
    public static final String GET_MAX_RECORDS = "get.max-records";
    public static final String INITIAL_POSITION = "initial-position";
    public static final String CHECKPOINT_PREFIX = "checkpoint.prefix";
    public static final String QUIET_PERIOD = "quiet-period";
    public static final String PROGRESS_INTERVAL = "progress.interval";
    public static final String RETRY_MAX_BACKOFF = "retry.max-backoff";

    /** The keys {@link #fromMap} takes, besides {@code stream.<event type>}. */
    public static final java.util.List<String> KEYS = java.util.List.of(BUCKET, KINESIS_ENDPOINT, S3_ENDPOINT, REGION,
            BUFFER_SIZE, BUFFER_INTERVAL, POLL_INTERVAL, GET_MIN_INTERVAL, GET_MAX_RECORDS, INITIAL_POSITION,
            CHECKPOINT_PREFIX, QUIET_PERIOD, PROGRESS_INTERVAL, RETRY_MAX_BACKOFF);

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?", Pattern.CASE_INSENSITIVE);

    public RawLandingOptions {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(initialPosition, "initialPosition");
        Objects.requireNonNull(checkpointPrefix, "checkpointPrefix");
        Objects.requireNonNull(validation, "validation");
        streams = Map.copyOf(streams);
        if (!streams.keySet().equals(Set.of(EventType.values()))) {
            throw new IllegalArgumentException("need one stream per event type: " + streams);
        }
        if (new HashSet<>(streams.values()).size() != streams.size()) {
            throw new IllegalArgumentException("each event type needs its own stream: " + streams);
        }
        if (bufferBytes <= 0 || maxRecordsPerGet <= 0 || maxRecordsPerGet > 10_000) {
            throw new IllegalArgumentException("buffer.size must be > 0 and get.max-records within 1..10000");
        }
        for (Duration d : new Duration[] {bufferInterval, pollInterval, minGetInterval, quietPeriod, progressInterval,
                maxRetryBackoff}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("durations must be set and not negative, was " + d);
            }
        }
        if (!checkpointPrefix.isEmpty() && !checkpointPrefix.endsWith("/")) {
            checkpointPrefix = checkpointPrefix + "/";
        }
    }

    public static RawLandingOptions defaults() {
        Map<EventType, String> streams = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            streams.put(type, type.stream());
        }
        return new RawLandingOptions("clickstream-raw", null, null, "us-east-1", streams,
                64L * 1024 * 1024, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMillis(200), 10_000,
                InitialPosition.TRIM_HORIZON, "_checkpoints/raw-landing/", Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30), ValidationPolicy.DEFAULT);
    }

    /**
     * The defaults overridden by the keys present in {@code settings}. Unknown keys and bad values are
     * refused with an {@link IllegalArgumentException} naming the setting ({@code key=value: reason}).
     */
    public static RawLandingOptions fromMap(Map<String, String> settings) {
        RawLandingOptions o = defaults();
        Map<EventType, String> streams = new EnumMap<>(o.streams);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            try {
                o = apply(e.getKey(), e.getValue().trim(), o, streams);
            } catch (IllegalArgumentException bad) {
                String reason = bad.getMessage() == null ? bad.getClass().getSimpleName() : bad.getMessage();
                throw new IllegalArgumentException(reason.startsWith("unknown raw-landing setting") ? reason
                        : e.getKey() + "=" + e.getValue() + ": " + reason, bad);
            }
        }
        return o.withStreams(streams);
    }

    private static RawLandingOptions apply(String key, String value, RawLandingOptions o, Map<EventType, String> streams) {
        switch (key) {
            case BUCKET -> o = o.withBucket(value);
            case KINESIS_ENDPOINT -> o = o.withEndpoints(endpoint(value), o.s3Endpoint);
            case S3_ENDPOINT -> o = o.withEndpoints(o.kinesisEndpoint, endpoint(value));
            case REGION -> o = new RawLandingOptions(o.bucket, o.kinesisEndpoint, o.s3Endpoint, value, o.streams,
                    o.bufferBytes, o.bufferInterval, o.pollInterval, o.minGetInterval, o.maxRecordsPerGet,
                    o.initialPosition, o.checkpointPrefix, o.quietPeriod, o.progressInterval, o.maxRetryBackoff,
                    o.validation);
            case BUFFER_SIZE -> o = o.withBuffer(parseSize(value), o.bufferInterval);
            case BUFFER_INTERVAL -> o = o.withBuffer(o.bufferBytes, Durations.parse(value));
            case POLL_INTERVAL -> o = o.withPolling(Durations.parse(value), o.minGetInterval, o.maxRecordsPerGet);
            case GET_MIN_INTERVAL -> o = o.withPolling(o.pollInterval, Durations.parse(value), o.maxRecordsPerGet);
            case GET_MAX_RECORDS -> o = o.withPolling(o.pollInterval, o.minGetInterval, wholeNumber(value));
            case INITIAL_POSITION -> o = o.withInitialPosition(initialPosition(value));
            case CHECKPOINT_PREFIX -> o = o.withCheckpointPrefix(value);
            case QUIET_PERIOD -> o = o.withQuietPeriod(Durations.parse(value));
            case PROGRESS_INTERVAL -> o = o.withProgressInterval(Durations.parse(value));
            case RETRY_MAX_BACKOFF -> o = o.withMaxRetryBackoff(Durations.parse(value));
            default -> {
                if (!key.startsWith(STREAM_PREFIX)) {
                    throw new IllegalArgumentException("unknown raw-landing setting: " + key + " (settings: " + KEYS
                            + ", stream.click, stream.checkout)");
                }
                String typeName = key.substring(STREAM_PREFIX.length());
                EventType type = EventType.fromWireName(typeName).orElseThrow(
                        () -> new IllegalArgumentException("unknown event type in " + key));
                streams.put(type, value);
            }
        }
        return o;
    }

    private static URI endpoint(String value) {
        if (value.isEmpty()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage(), e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http(s) URL with a host, e.g. http://127.0.0.1:4567");
        }
        return uri;
    }

    private static int wholeNumber(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number", e);
        }
    }

    private static InitialPosition initialPosition(String value) {
        try {
            return InitialPosition.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be TRIM_HORIZON or LATEST", e);
        }
    }

    /** {@code 512KiB}, {@code 64MiB}, {@code 1GiB} or plain bytes. */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size (e.g. 64MiB, 512KiB, 1048576): " + text);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "kib" -> n * 1024;
            case "mib" -> n * 1024 * 1024;
            case "gib" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    public String stream(EventType type) {
        return streams.get(type);
    }

    public RawLandingOptions withBucket(String value) {
        return new RawLandingOptions(value, kinesisEndpoint, s3Endpoint, region, streams, bufferBytes, bufferInterval,
                pollInterval, minGetInterval, maxRecordsPerGet, initialPosition, checkpointPrefix, quietPeriod,
                progressInterval, maxRetryBackoff, validation);
    }

    public RawLandingOptions withEndpoints(URI kinesis, URI s3) {
        return new RawLandingOptions(bucket, kinesis, s3, region, streams, bufferBytes, bufferInterval,
                pollInterval, minGetInterval, maxRecordsPerGet, initialPosition, checkpointPrefix, quietPeriod,
                progressInterval, maxRetryBackoff, validation);
    }

    public RawLandingOptions withStreams(Map<EventType, String> value) {
        return new RawLandingOptions(bucket, kinesisEndpoint, s3Endpoint, region, value, bufferBytes, bufferInterval,
                pollInterval, minGetInterval, maxRecordsPerGet, initialPosition, checkpointPrefix, quietPeriod,
                progressInterval, maxRetryBackoff, validation);
    }

    public RawLandingOptions withBuffer(long bytes, Duration interval) {
        return new RawLandingOptions(bucket, kinesisEndpoint, s3Endpoint, region, streams, bytes, interval,
                pollInterval, minGetInterval, maxRecordsPerGet, initialPosition, checkpointPrefix, quietPeriod,
                progressInterval, maxRetryBackoff, validation);
    }

    public RawLandingOptions withPolling(Duration poll, Duration minGet, int maxRecords) {
        return new RawLandingOptions(bucket, kinesisEndpoint, s3Endpoint, region, streams, bufferBytes, bufferInterval,
                poll, minGet, maxRecords, initialPosition, checkpointPrefix, quietPeriod, progressInterval,
                maxRetryBackoff, validation);
    }

    public RawLandingOptions withInitialPosition(InitialPosition value) {
        return new RawLandingOptions(bucket, kinesisEndpoint, s3Endpoint, region, streams, bufferBytes, bufferInterval,
                pollInterval, minGetInterval, maxRecordsPerGet, value, checkpointPrefix, quietPeriod, progressInterval,
                maxRetryBackoff, validation);
    }

    public RawLandingOptions withCheckpointPrefix(String value) {
        return new RawLandingOptions(bucket, kinesisEndpoint, s3Endpoint, region, streams, bufferBytes, bufferInterval,
                pollInterval, minGetInterval, maxRecordsPerGet, initialPosition, value, quietPeriod, progressInterval,
                maxRetryBackoff, validation);
    }

    public RawLandingOptions withQuietPeriod(Duration value) {
        return new RawLandingOptions(bucket, kinesisEndpoint, s3Endpoint, region, streams, bufferBytes, bufferInterval,
                pollInterval, minGetInterval, maxRecordsPerGet, initialPosition, checkpointPrefix, value,
                progressInterval, maxRetryBackoff, validation);
    }

    public RawLandingOptions withProgressInterval(Duration value) {
        return new RawLandingOptions(bucket, kinesisEndpoint, s3Endpoint, region, streams, bufferBytes, bufferInterval,
                pollInterval, minGetInterval, maxRecordsPerGet, initialPosition, checkpointPrefix, quietPeriod, value,
                maxRetryBackoff, validation);
    }

    public RawLandingOptions withMaxRetryBackoff(Duration value) {
        return new RawLandingOptions(bucket, kinesisEndpoint, s3Endpoint, region, streams, bufferBytes, bufferInterval,
                pollInterval, minGetInterval, maxRecordsPerGet, initialPosition, checkpointPrefix, quietPeriod,
                progressInterval, value, validation);
    }

    public RawLandingOptions withValidation(ValidationPolicy value) {
        return new RawLandingOptions(bucket, kinesisEndpoint, s3Endpoint, region, streams, bufferBytes, bufferInterval,
                pollInterval, minGetInterval, maxRecordsPerGet, initialPosition, checkpointPrefix, quietPeriod,
                progressInterval, maxRetryBackoff, value);
    }
}
