package com.clickstream.attribution.local;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.core.rules.AttributionWindow;

/**
 * Every setting of the local runtime, with its default. Built from a map of settings ({@link #fromMap}):
 * the command line's (read by picocli, {@link PipelineCommandLine}) or a test's.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code work-dir}</td><td>{@code work/local}</td><td>folder for s3proxy's objects, checkpoints, spill files and child logs (emptied at start)</td></tr>
 *   <tr><td>{@code window}</td><td>{@code AttributionWindow.DEFAULT_LENGTH} (1h)</td><td>attribution window W, for stream and reconciler</td></tr>
 *   <tr><td>{@code lateness}</td><td>5m</td><td>the stream's allowed lateness (watermark delay), also told to the reconciler</td></tr>
 *   <tr><td>{@code kinesis-endpoint}</td><td>{@code AWS_ENDPOINT_URL_KINESIS}, else a kinesalite started here</td><td>use an existing Kinesis (LocalStack, AWS)</td></tr>
 *   <tr><td>{@code s3-endpoint}</td><td>{@code AWS_ENDPOINT_URL_S3}, else an s3proxy started here</td><td>use an existing S3</td></tr>
 *   <tr><td>{@code jdbc-url}</td><td>none: an embedded PostgreSQL started here</td><td>use an existing PostgreSQL (user {@code PGUSER}, password {@code PGPASSWORD})</td></tr>
 *   <tr><td>{@code bucket}</td><td>{@code clickstream-raw}</td><td>raw bucket (created if missing)</td></tr>
 *   <tr><td>{@code shards}</td><td>2</td><td>shards per stream (created if missing)</td></tr>
 *   <tr><td>{@code keep-running}</td><td>false</td><td>after the report, keep servers and streaming job up until Ctrl-C</td></tr>
 *   <tr><td>{@code minutes}</td><td>10</td><td>demo: minutes of generated event time</td></tr>
 *   <tr><td>{@code rate}</td><td>20</td><td>demo: valid events per second of event time</td></tr>
 *   <tr><td>{@code speedup}</td><td>30</td><td>demo: event-time seconds per wall-clock second of the feed</td></tr>
 *   <tr><td>{@code seed}</td><td>42</td><td>demo: generator seed</td></tr>
 * </table>
 */
public record RuntimeOptions(
        Path workDir,
        Duration window,
        Duration lateness,
        URI kinesisEndpoint,
        URI s3Endpoint,
        String jdbcUrl,
        String bucket,
        int shards,
        boolean keepRunning,
        int minutes,
        double rate,
        double speedup,
        long seed) {

    public static final Duration DEFAULT_LATENESS = Duration.ofMinutes(5);

    /** The option names {@link #fromMap} takes. */
    public static final List<String> KEYS = List.of("work-dir", "window", "lateness", "keep-running", "kinesis-endpoint",
            "s3-endpoint", "jdbc-url", "bucket", "shards", "minutes", "rate", "speedup", "seed");

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Path.of("work", "local"), AttributionWindow.DEFAULT_LENGTH, DEFAULT_LATENESS,
                env("AWS_ENDPOINT_URL_KINESIS"), env("AWS_ENDPOINT_URL_S3"), null, "clickstream-raw", 2, false,
                10, 20, 30, 42);
    }

    /**
     * The settings applied over {@code o}, each checked: an unknown key or a bad value throws an
     * {@link IllegalArgumentException} whose message names the option ({@code --key}) and the reason.
     */
    public static RuntimeOptions fromMap(Map<String, String> settings, RuntimeOptions o) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown option --" + e.getKey() + ", expected one of --"
                        + String.join(", --", KEYS));
            }
            try {
                o = apply(e.getKey(), e.getValue().trim(), o);
            } catch (IllegalArgumentException bad) {
                String message = bad.getMessage() == null ? bad.getClass().getSimpleName() : bad.getMessage();
                throw new IllegalArgumentException(message.startsWith("--" + e.getKey()) ? message
                        : "--" + e.getKey() + " '" + e.getValue() + "': " + message, bad);
            }
        }
        return o;
    }

    private static RuntimeOptions apply(String key, String v, RuntimeOptions o) {
        return switch (key) {
            case "work-dir" -> o.with(Path.of(v), o.window, o.lateness, o.keepRunning);
            case "window" -> o.with(o.workDir, AttributionWindow.parse(v).length(), o.lateness, o.keepRunning);
            case "lateness" -> o.with(o.workDir, o.window, notNegative(Durations.parse(v)), o.keepRunning);
            case "keep-running" -> o.with(o.workDir, o.window, o.lateness, bool(v));
            case "kinesis-endpoint" -> new RuntimeOptions(o.workDir, o.window, o.lateness, httpUrl(v),
                    o.s3Endpoint, o.jdbcUrl, o.bucket, o.shards, o.keepRunning, o.minutes, o.rate, o.speedup, o.seed);
            case "s3-endpoint" -> new RuntimeOptions(o.workDir, o.window, o.lateness, o.kinesisEndpoint,
                    httpUrl(v), o.jdbcUrl, o.bucket, o.shards, o.keepRunning, o.minutes, o.rate, o.speedup, o.seed);
            case "jdbc-url" -> new RuntimeOptions(o.workDir, o.window, o.lateness, o.kinesisEndpoint,
                    o.s3Endpoint, jdbcUrl(v), o.bucket, o.shards, o.keepRunning, o.minutes, o.rate, o.speedup, o.seed);
            case "bucket" -> new RuntimeOptions(o.workDir, o.window, o.lateness, o.kinesisEndpoint,
                    o.s3Endpoint, o.jdbcUrl, bucket(v), o.shards, o.keepRunning, o.minutes, o.rate, o.speedup, o.seed);
            case "shards" -> new RuntimeOptions(o.workDir, o.window, o.lateness, o.kinesisEndpoint,
                    o.s3Endpoint, o.jdbcUrl, o.bucket, atLeastOne(wholeNumber(v)), o.keepRunning, o.minutes, o.rate,
                    o.speedup, o.seed);
            case "minutes" -> o.withTraffic(atLeastOne(wholeNumber(v)), o.rate, o.speedup, o.seed);
            case "rate" -> o.withTraffic(o.minutes, positive(number(v)), o.speedup, o.seed);
            case "speedup" -> o.withTraffic(o.minutes, o.rate, positive(number(v)), o.seed);
            case "seed" -> {
                try {
                    yield o.withTraffic(o.minutes, o.rate, o.speedup, Long.parseLong(v));
                } catch (NumberFormatException notLong) {
                    throw new IllegalArgumentException("not a whole number");
                }
            }
            default -> throw new IllegalArgumentException("unknown option --" + key);
        };
    }

    private static Duration notNegative(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("must not be negative");
        }
        return d;
    }

    private static boolean bool(String v) {
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("must be true or false (or the flag alone)");
        }
        return Boolean.parseBoolean(v);
    }

    private static URI httpUrl(String v) {
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage(), e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http(s) URL with a host, e.g. http://127.0.0.1:4567");
        }
        return uri;
    }

    private static String jdbcUrl(String v) {
        if (!v.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("must be a jdbc:postgresql://host:port/database URL");
        }
        return v;
    }

    private static String bucket(String v) {
        if (!v.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("not an S3 bucket name (3-63 lower-case letters, digits, '.' and '-')");
        }
        return v;
    }

    private static int wholeNumber(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
    }

    private static int atLeastOne(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("must be at least 1");
        }
        return n;
    }

    private static double number(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
    }

    private static double positive(double d) {
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("must be a positive number");
        }
        return d;
    }

    public RuntimeOptions with(Path work, Duration w, Duration late, boolean keep) {
        return new RuntimeOptions(work, w, late, kinesisEndpoint, s3Endpoint, jdbcUrl, bucket, shards, keep,
                minutes, rate, speedup, seed);
    }

    public RuntimeOptions withTraffic(int m, double r, double s, long sd) {
        return new RuntimeOptions(workDir, window, lateness, kinesisEndpoint, s3Endpoint, jdbcUrl, bucket, shards,
                keepRunning, m, r, s, sd);
    }

    private static URI env(String name) {
        String v = System.getenv(name);
        try {
            return v == null || v.isBlank() ? null : httpUrl(v.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("environment variable " + name + " '" + v + "': " + e.getMessage(), e);
        }
    }
}
