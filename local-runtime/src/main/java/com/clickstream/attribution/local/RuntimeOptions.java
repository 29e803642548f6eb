package com.clickstream.attribution.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.core.rules.AttributionWindow;

/**
 * Every setting of the local runtime, with its default. Built from command-line flags
 * ({@code --key value} or {@code --key=value}, {@link #fromArgs}) or from a map in tests ({@link #fromMap}).
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

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Path.of("work", "local"), AttributionWindow.DEFAULT_LENGTH, DEFAULT_LATENESS,
                env("AWS_ENDPOINT_URL_KINESIS"), env("AWS_ENDPOINT_URL_S3"), null, "clickstream-raw", 2, false,
                10, 20, 30, 42);
    }

    /** {@code --key value} / {@code --key=value} / {@code --flag}; anything else is refused. */
    public static RuntimeOptions fromArgs(List<String> args, RuntimeOptions base) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = "true";
            }
            map.put(key, value);
        }
        return fromMap(map, base);
    }

    public static RuntimeOptions fromMap(Map<String, String> settings, RuntimeOptions o) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String v = e.getValue().trim();
            o = switch (e.getKey()) {
                case "work-dir" -> o.with(Path.of(v), o.window, o.lateness, o.keepRunning);
                case "window" -> o.with(o.workDir, Durations.parse(v), o.lateness, o.keepRunning);
                case "lateness" -> o.with(o.workDir, o.window, Durations.parse(v), o.keepRunning);
                case "keep-running" -> o.with(o.workDir, o.window, o.lateness, Boolean.parseBoolean(v));
                case "kinesis-endpoint" -> new RuntimeOptions(o.workDir, o.window, o.lateness, URI.create(v),
                        o.s3Endpoint, o.jdbcUrl, o.bucket, o.shards, o.keepRunning, o.minutes, o.rate, o.speedup, o.seed);
                case "s3-endpoint" -> new RuntimeOptions(o.workDir, o.window, o.lateness, o.kinesisEndpoint,
                        URI.create(v), o.jdbcUrl, o.bucket, o.shards, o.keepRunning, o.minutes, o.rate, o.speedup, o.seed);
                case "jdbc-url" -> new RuntimeOptions(o.workDir, o.window, o.lateness, o.kinesisEndpoint,
                        o.s3Endpoint, v, o.bucket, o.shards, o.keepRunning, o.minutes, o.rate, o.speedup, o.seed);
                case "bucket" -> new RuntimeOptions(o.workDir, o.window, o.lateness, o.kinesisEndpoint,
                        o.s3Endpoint, o.jdbcUrl, v, o.shards, o.keepRunning, o.minutes, o.rate, o.speedup, o.seed);
                case "shards" -> new RuntimeOptions(o.workDir, o.window, o.lateness, o.kinesisEndpoint,
                        o.s3Endpoint, o.jdbcUrl, o.bucket, Integer.parseInt(v), o.keepRunning, o.minutes, o.rate,
                        o.speedup, o.seed);
                case "minutes" -> o.withTraffic(Integer.parseInt(v), o.rate, o.speedup, o.seed);
                case "rate" -> o.withTraffic(o.minutes, Double.parseDouble(v), o.speedup, o.seed);
                case "speedup" -> o.withTraffic(o.minutes, o.rate, Double.parseDouble(v), o.seed);
                case "seed" -> o.withTraffic(o.minutes, o.rate, o.speedup, Long.parseLong(v));
                default -> throw new IllegalArgumentException("unknown option --" + e.getKey());
            };
        }
        return o;
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
        return v == null || v.isBlank() ? null : URI.create(v);
    }
}
