package com.clickstream.attribution.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.generator.model.Catalog;
import com.clickstream.attribution.generator.model.UserBase;
import com.clickstream.attribution.generator.seed.DimensionSeed;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import com.clickstream.attribution.local.child.ChildJvm;
import com.clickstream.attribution.local.child.ReconcilerProcess;
import com.clickstream.attribution.local.child.StreamingJobProcess;
import com.clickstream.attribution.local.feed.EventTimeChunks;
import com.clickstream.attribution.local.feed.FeedLedger;
import com.clickstream.attribution.local.feed.JsonLinesFile;
import com.clickstream.attribution.local.feed.LedgerSink;
import com.clickstream.attribution.local.feed.PacedFeed;
import com.clickstream.attribution.local.report.CheckoutsCsv;
import com.clickstream.attribution.local.report.PipelineReport;
import com.clickstream.attribution.local.stack.Endpoints;
import com.clickstream.attribution.local.stack.LocalServers;
import com.clickstream.attribution.rawlanding.RawLandingOptions;
import com.clickstream.attribution.rawlanding.RawLandingRunner;

/**
 * One run of the whole pipeline on this machine: servers up -> streams, bucket, schema -> dimensions
 * -> feed (generator or file) into Kinesis, read side by side by the streaming job (child JVM) and the
 * raw landing (this JVM) -> once the stream has read every record and the landing has landed them,
 * the reconciler (child JVM) over the checkouts' event-time range -> report.
 */
public final class LocalPipeline implements AutoCloseable {

    /** The streaming query's name (and first part of its progress key) for local runs. */
    public static final String QUERY_NAME = "local";

    private final RuntimeOptions options;
    private final PrintStream out;
    private final Map<String, Duration> stages = new LinkedHashMap<>();
    private final FeedLedger ledger = new FeedLedger();
    private LocalServers servers;
    private ChildJvm streamingJob;
    private RawLandingRunner landing;
    private long stageStart = System.nanoTime();

    /** What a run produced: the report, and the table as the stream left it and as reconciled. */
    public record Result(PipelineReport report, List<CheckoutsCsv.Row> streamRows, List<CheckoutsCsv.Row> finalRows,
            FeedLedger ledger, Path workDir) {
    }

    public LocalPipeline(RuntimeOptions options, PrintStream out) {
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * The demo: generated traffic with late, duplicate and malformed records, paced at {@code speedup}.
     * Late events arrive 30-80 % of the traffic's duration after their event time, so with the defaults
     * (10 min, lateness 5m) some are within the stream's allowed lateness and some are left to the
     * reconciler. Records arriving after duration + 80 % are not sent (sessions started near the end
     * run on for a while), so the feed lasts (duration + 80 %) / speedup of wall time (36 s at 30x) and
     * every arrival is at least 5 minutes in the past.
     */
    public Result demo() throws Exception {
        Duration duration = Duration.ofMinutes(options.minutes());
        Duration lateMin = duration.multipliedBy(3).dividedBy(10);
        Duration lateMax = duration.multipliedBy(8).dividedBy(10);
        Instant start = Instant.now().minus(duration.plus(lateMax).plusMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        GeneratorConfig config = new GeneratorConfig(options.seed(), 2_000, start, duration,
                0, options.rate(), 0.01, 0.02, lateMin, lateMax, 0.05,
                Duration.ofSeconds(30), 0.005, 0.03, 0.2);
        TrafficGenerator generator = new TrafficGenerator(config);
        startStack(generator.users());
        progress("generator: %d min of event time at %.0f events/s, speedup %.0fx, late %s-%s, lateness %s",
                options.minutes(), options.rate(), options.speedup(), lateMin, lateMax, options.lateness());
        try (LedgerSink sink = new LedgerSink(new KinesisSink(servers.kinesis(), streamNames()), ledger)) {
            long[] lastPrint = {System.nanoTime()};
            Instant until = start.plus(duration).plus(lateMax);
            new PacedFeed(sink, options.speedup(), Duration.ofMillis(250), 500).run(generator, until, sent -> {
                if (System.nanoTime() - lastPrint[0] > 5_000_000_000L) {
                    feedProgress(sent);
                    lastPrint[0] = System.nanoTime();
                }
            });
        }
        stage("feed (generator -> Kinesis)");
        return finish(false);
    }

    /**
     * A JSON-lines file, in file order, sent in {@link EventTimeChunks}: each chunk once the streaming
     * job has read the previous one, so what the stream drops as late depends on the file and the
     * lateness, not on this machine's speed, and the stream-only dump is the same on every run.
     */
    public Result runFile(Path events, boolean streamOnly) throws Exception {
        List<OutboundRecord> records = JsonLinesFile.read(events);
        EventTimeChunks.Plan plan = EventTimeChunks.plan(records, options.lateness());
        startStack(UserBase.generate(options.seed(), 2_000));
        progress("feeding %,d lines of %s in %d chunks (%,d events later than the watermark, lateness %s)",
                records.size(), events, plan.chunks().size(), plan.lateEventIds().size(), options.lateness());
        try (LedgerSink sink = new LedgerSink(new KinesisSink(servers.kinesis(), streamNames()), ledger)) {
            for (List<OutboundRecord> chunk : plan.chunks()) {
                sendChunk(sink, new ArrayList<>(chunk));
            }
        }
        stage("feed (file -> Kinesis)");
        return finish(streamOnly);
    }

    private void sendChunk(LedgerSink sink, List<OutboundRecord> chunk) throws Exception {
        for (int i = 0; i < chunk.size(); i += 500) {
            sink.send(List.copyOf(chunk.subList(i, Math.min(chunk.size(), i + 500))));
        }
        chunk.clear();
        awaitStream(ledger.records());
    }

    private void startStack(UserBase users) throws Exception {
        Path work = options.workDir().toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);
        stageStart = System.nanoTime();
        progress("starting servers on 127.0.0.1 (work folder %s)", work);
        servers = LocalServers.start(options, work);
        progress("PostgreSQL %s, S3 %s, Kinesis %s; streams and bucket ready, schema migrated",
                servers.jdbcUrl(), servers.s3Endpoint(), servers.kinesisEndpoint());
        try (Connection c = servers.connection()) {
            int rows = new DimensionSeed(users, Catalog.standard()).load(c);
            progress("seeded %,d users and products", rows);
        }
        stage("servers + migrate + seed");
        streamingJob = StreamingJobProcess.start(servers, work, QUERY_NAME, options.window(), options.lateness());
        progress("streaming job started (child JVM, log %s)", streamingJob.log());
        landing = RawLandingRunner.create(RawLandingOptions.defaults()
                .withBucket(options.bucket())
                .withEndpoints(servers.kinesisEndpoint(), servers.s3Endpoint())
                .withBuffer(8L * 1024 * 1024, Duration.ofSeconds(5))
                .withPolling(Duration.ofMillis(250), Duration.ofMillis(200), 10_000)
                .withProgressInterval(Duration.ofSeconds(30)));
        landing.start();
        progress("raw landing started (Kinesis -> Parquet in s3://%s/raw/)", options.bucket());
        stage("start streaming job + landing");
    }

    private Result finish(boolean streamOnly) throws Exception {
        awaitStream(ledger.records());
        progress("stream caught up: read all %,d records", ledger.records());
        stage("stream catch-up (after feed)");
        while (landing.stats().recordsRead() < ledger.records()) {
            Thread.sleep(250);
        }
        landing.stop();
        progress("raw landing drained: %s", landing.stats());
        stage("landing drain");
        List<CheckoutsCsv.Row> streamRows;
        try (Connection c = servers.connection()) {
            streamRows = CheckoutsCsv.read(c);
        }
        if (!streamOnly && ledger.checkoutRange().isPresent()) {
            Instant[] range = ledger.checkoutRange().get();
            Instant from = range[0].truncatedTo(ChronoUnit.SECONDS);
            Instant to = range[1].truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            progress("reconciler over checkouts in [%s, %s) (child JVM, log %s)", from, to,
                    options.workDir().resolve("logs/reconciler.log"));
            int exit = ReconcilerProcess.run(servers, options.workDir().toAbsolutePath(), options.bucket(), from, to,
                    options.window(), options.lateness());
            if (exit != 0) {
                throw new IllegalStateException("reconciler exited with " + exit + ", see "
                        + options.workDir().resolve("logs/reconciler.log"));
            }
            stage("reconciler");
        }
        Result result;
        try (Connection c = servers.connection()) {
            List<CheckoutsCsv.Row> finalRows = CheckoutsCsv.read(c);
            long agreeing = streamOnly ? -1 : agreeing(streamRows, finalRows);
            result = new Result(PipelineReport.read(c, ledger, landing.stats(), QUERY_NAME, agreeing, streamRows.size(),
                    new LinkedHashMap<>(stages), psqlHint()), streamRows, finalRows, ledger, options.workDir());
        }
        if (!options.keepRunning()) {
            streamingJob.close();
        }
        return result;
    }

    /** Checkouts whose stream row had the reconciled answer (same click, or both unattributed). */
    static long agreeing(List<CheckoutsCsv.Row> stream, List<CheckoutsCsv.Row> reconciled) {
        Map<String, CheckoutsCsv.Row> byId = new HashMap<>();
        stream.forEach(r -> byId.put(r.checkoutId(), r));
        return reconciled.stream().filter(r -> {
            CheckoutsCsv.Row s = byId.get(r.checkoutId());
            return s != null && s.attributed() == r.attributed() && Objects.equals(s.clickId(), r.clickId());
        }).count();
    }

    private void awaitStream(long records) throws Exception {
        long lastPrint = System.nanoTime();
        while (true) {
            long read;
            try (Connection c = servers.connection()) {
                read = streamEventsIn(c);
            }
            if (read >= records) {
                return;
            }
            if (!streamingJob.isAlive()) {
                throw new IllegalStateException("the streaming job ended, see " + streamingJob.log());
            }
            if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                progress("waiting for the stream: read %,d of %,d records", read, records);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(250);
        }
    }

    private static long streamEventsIn(Connection c) throws SQLException {
        try (var s = c.prepareStatement("SELECT coalesce(sum(events_in), 0) FROM ecommerce.stream_metrics WHERE split_part(query_name, '/', 1) = ?")) {
            s.setString(1, QUERY_NAME);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void feedProgress(long sent) {
        long read;
        try (Connection c = servers.connection()) {
            read = streamEventsIn(c);
        } catch (SQLException e) {
            read = -1;
        }
        progress("fed %,d records; stream read %,d; raw landing read %,d", sent, read,
                landing.stats().recordsRead());
    }

    private String psqlHint() {
        return "connect: psql -h 127.0.0.1 -p " + port(servers.jdbcUrl()) + " -U " + servers.dbUser()
                + " -d postgres -f db/queries/sample_queries.sql   (JDBC " + servers.jdbcUrl() + ")";
    }

    private static String port(String jdbcUrl) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        int colon = rest.indexOf(':');
        int slash = rest.indexOf('/');
        return colon < 0 ? "5432" : rest.substring(colon + 1, slash < 0 ? rest.length() : slash);
    }

    private static Map<String, String> streamNames() {
        Map<String, String> names = new HashMap<>();
        for (EventType t : EventType.values()) {
            names.put(t.stream(), t.stream());
        }
        return names;
    }

    private void stage(String name) {
        long now = System.nanoTime();
        stages.put(name, Duration.ofNanos(now - stageStart));
        stageStart = now;
    }

    private void progress(String format, Object... args) {
        out.printf("[%s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
        out.flush();
    }

    /** {@code explain CHECKOUT_ID} against this run's servers (the reconciler jar's explain), as text. */
    public ReconcilerProcess.Explained explain(String checkoutId) throws Exception {
        return ReconcilerProcess.explain(endpoints(), options.workDir().toAbsolutePath(), options.bucket(), checkoutId,
                options.window(), false);
    }

    /** The running servers (database, Kinesis, S3) until {@link #close()}: for tests that inspect a finished run. */
    public Endpoints endpoints() {
        if (servers == null) {
            throw new IllegalStateException("the servers are not started");
        }
        return servers;
    }

    /** Leaves everything up until the JVM is stopped (Ctrl-C); the shutdown hook then closes it. */
    public void awaitCtrlC() throws InterruptedException {
        landing = RawLandingRunner.create(RawLandingOptions.defaults().withBucket(options.bucket())
                .withEndpoints(servers.kinesisEndpoint(), servers.s3Endpoint())
                .withBuffer(8L * 1024 * 1024, Duration.ofSeconds(5)));
        landing.start();
        progress("stack is up (streaming job and raw landing running); Ctrl-C stops everything");
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        try {
            if (landing != null) {
                landing.close();
            }
        } catch (Exception e) {
            out.println("stopping raw landing: " + e);
        }
        try {
            if (streamingJob != null) {
                streamingJob.close();
            }
        } catch (Exception e) {
            out.println("stopping streaming job: " + e);
        }
        if (servers != null) {
            servers.close();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
