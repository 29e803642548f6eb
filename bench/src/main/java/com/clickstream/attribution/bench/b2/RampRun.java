package com.clickstream.attribution.bench.b2;

import com.clickstream.attribution.bench.harness.Dirs;
import com.clickstream.attribution.bench.harness.ChildRun;
import com.clickstream.attribution.bench.harness.Progress;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.local.RuntimeOptions;
import com.clickstream.attribution.local.child.StreamingJobProcess;
import com.clickstream.attribution.local.stack.LocalServers;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * One ramp of one variant on a fresh stack: embedded PostgreSQL with fsync and synchronous_commit ON
 * (zonky turns them off), for the Kinesis variant kinesalite with 2 streams x 2 shards (the local
 * runtime's {@link LocalServers}), the {@link StreamingWorker} child JVM, the feed and the
 * {@link CommitPoller}. Steps as in {@link RampPlan}; after each step's drain it checks that the job
 * counted exactly the records sent (stream_progress.events_in), rejected none, and wrote a row for
 * every checkout (unless dropped as late), and fails loudly otherwise.
 */
final class RampRun {

    static final String QUERY_NAME = "b2";

    /**
     * The job settings both variants run with: the job's defaults, except the demo's trigger of 1 s
     * (local-runtime's StreamingJobProcess; the default 5 s alone would put p99 near the 5 s goal).
     */
    static final List<String> JOB_SETTINGS = List.of("--runtime", "local", "--allowed_lateness", "5m",
            "--trigger_interval", "1s", "--query_name", QUERY_NAME);
    /**
     * The job's default of 10,000 records per GetRecords call: the qubole source makes one call per
     * shard and micro-batch, so the demo's 2,000 caps a batch at 2,000 records per shard (about 4,100
     * records on the two click shards, which held a dev run to ~3,100 events/s).
     */
    static final List<String> KINESIS_SETTINGS = List.of("--source", "qubole", "--starting_position", "TRIM_HORIZON",
            "--max_records_per_read", "10000");
    static final String WORKER_HEAP = "-Xmx1536m";

    /** One ramp: the measured steps (warm-up excluded) and the worker's peak resident memory. */
    record Result(List<StepResult> steps, long workerPeakRssBytes) {
    }

    /** A step's records and the wall-clock span from its start to its drain. */
    private record Window(int step, int rate, long first, long rampIn, long measured, long startMicros,
            long drainedMicros) {
        long measuredFrom() {
            return first + rampIn;
        }

        long end() {
            return first + rampIn + measured;
        }
    }

    private final Variant variant;
    private final RampPlan plan;
    private final WireData data;
    private final Path runDir;
    private final Progress progress;
    private final String label;
    private final SendLog sends = new SendLog();
    private final List<Window> windows = new ArrayList<>();
    private final List<String> liveSaturation = new ArrayList<>();

    private RampRun(Variant variant, RampPlan plan, WireData data, Path runDir, Progress progress, String label) {
        this.variant = variant;
        this.plan = plan;
        this.data = data;
        this.runDir = runDir;
        this.progress = progress;
        this.label = label;
    }

    static Result run(Variant variant, RampPlan plan, WireData data, Path runDir, Progress progress, String label)
            throws Exception {
        Dirs.deleteRecursively(runDir);
        Files.createDirectories(runDir);
        return new RampRun(variant, plan, data, runDir, progress, label).run();
    }

    private Result run() throws Exception {
        try (PostgresExtension pg = PostgresExtension.unmigrated()
                .withServerConfig("fsync", "on").withServerConfig("synchronous_commit", "on")) {
            pg.start();
            requireDurable(pg.dataSource());
            LocalServers servers = null;
            try {
                List<String> jobArgs = new ArrayList<>(JOB_SETTINGS);
                jobArgs.addAll(List.of("--jdbc_url", pg.jdbcUrl(), "--db_user", pg.user(),
                        "--db_password_env", "PGPASSWORD",
                        "--checkpoint_location", runDir.resolve("checkpoint").toAbsolutePath().toString()));
                if (variant == Variant.KINESIS) {
                    servers = LocalServers.start(RuntimeOptions.fromMap(Map.of("jdbc-url", pg.jdbcUrl(),
                            "work-dir", runDir.toString()), RuntimeOptions.defaults()), runDir);
                    jobArgs.addAll(KINESIS_SETTINGS);
                    jobArgs.addAll(List.of("--kinesis_endpoint", servers.kinesisEndpoint().toString()));
                } else {
                    DatabaseMigrator.migrate(pg.dataSource());
                }
                return runWorker(pg, servers, jobArgs);
            } finally {
                if (servers != null) {
                    servers.close();
                }
            }
        }
    }

    private Result runWorker(PostgresExtension pg, LocalServers servers, List<String> jobArgs) throws Exception {
        ControlDir control = new ControlDir(runDir.resolve("control"));
        Path log = runDir.resolve("worker.log");
        List<String> args = new ArrayList<>(List.of(variant.id(), control.path("").toString(),
                data.file().toAbsolutePath().toString()));
        args.addAll(jobArgs);
        List<String> jvm = new ArrayList<>(StreamingJobProcess.SPARK_JVM_ARGS);
        jvm.add(WORKER_HEAP);
        jvm.add("-Djava.io.tmpdir=" + Files.createDirectories(runDir.resolve("tmp")).toAbsolutePath());
        String classpath = benchClasses() + java.io.File.pathSeparator + StreamingJobProcess.classpath();
        CompletableFuture<ChildRun.Outcome> worker = CompletableFuture.supplyAsync(() -> ChildRun.java(classpath, jvm,
                StreamingWorker.class.getName(), args, Map.of("PGPASSWORD", pg.password()), log, Duration.ofHours(1)));
        BooleanSupplier alive = () -> !worker.isDone();
        try {
            control.await(Duration.ofMinutes(3), alive, ControlDir.READY);
            progress.say("%s: job started (local[2], log %s)", label, log);
            try (CommitPoller poller = new CommitPoller(pg.dataSource(), QUERY_NAME);
                    Feed feed = variant == Variant.KINESIS ? new KinesisFeed(servers.kinesis(), data)
                            : new WorkerFeed(control, alive)) {
                ramp(feed, poller, alive, log);
                control.write(ControlDir.STOP, "");
                ChildRun.Outcome outcome = worker.get(3, TimeUnit.MINUTES);
                outcome.requireResult();
                Map<String, EventToRow.RowWrite> rows = poller.rows();
                Map<Long, JobLog.Batch> batches = JobLog.read(log);
                List<StepResult> steps = new ArrayList<>();
                for (int i = 1; i < windows.size(); i++) { // 0 is the warm-up
                    StepResult r = evaluate(windows.get(i), poller.commits(), rows, batches);
                    steps.add(new StepResult(r.rate(), r.sentRate(), r.sustainedRate(), r.p50(), r.p95(), r.p99(),
                            r.checkouts(), r.upgraded(), r.lateDropped(), r.batches(), r.batchRowsP50(),
                            r.batchSecondsP50(), r.batchSecondsMax(), r.sinkShare(), liveSaturation.get(i)));
                }
                return new Result(steps, outcome.peakRssBytes());
            }
        } finally {
            control.write(ControlDir.STOP, "");
            try {
                worker.get(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                progress.say("%s: worker did not stop cleanly: %s", label, e);
            }
        }
    }

    private void ramp(Feed feed, CommitPoller poller, BooleanSupplier alive, Path log) throws Exception {
        long next = 0;
        next = step(feed, poller, alive, log, 0, plan.startRate(), next, 0, plan.warmupRecords());
        int step = 1;
        for (int rate : plan.rates()) {
            next = step(feed, poller, alive, log, step++, rate, next, plan.rampInRecords(rate), plan.measuredRecords(rate));
            if (liveSaturation.get(liveSaturation.size() - 1) != null) {
                return;
            }
        }
    }

    /** Sends one step, waits until the job has counted it, checks it; returns the next record's index. */
    private long step(Feed feed, CommitPoller poller, BooleanSupplier alive, Path log, int step, int rate, long first,
            long rampIn, long measured) throws Exception {
        long start = WallClock.micros();
        feed.feed(step, rate, first, rampIn + measured, sends);
        Duration timeout = Duration.ofSeconds(120 + 3 * (rampIn + measured) / rate);
        awaitCounted(poller, first + rampIn + measured, timeout, alive, log);
        Window w = new Window(step, rate, first, rampIn, measured, start, WallClock.micros());
        windows.add(w);
        check(w, poller.commits(), poller.rows());
        if (step == 0) {
            progress.say("%s: warm-up, %,d events at %,d/s, counted", label, measured, rate);
            liveSaturation.add(null);
        } else {
            StepResult r = evaluate(w, poller.commits(), poller.rows(), JobLog.read(log));
            String saturation = plan.saturation(rate, r.sentRate(), r.sustainedRate(), r.p99());
            liveSaturation.add(saturation);
            progress.say("%s: offered %,d/s: sent %,.0f/s, processed %,.0f/s, p50/p95/p99 %.2f/%.2f/%.2f s "
                            + "(%d checkouts), late %d; %d batches of ~%,.0f records, ~%.1f s each, sink %.0f %%%s",
                    label, rate, r.sentRate(), r.sustainedRate(), r.p50(), r.p95(), r.p99(), r.checkouts(),
                    r.lateDropped(), r.batches(), r.batchRowsP50(), r.batchSecondsP50(), 100 * r.sinkShare(),
                    saturation == null ? "" : " -> saturated: " + saturation);
        }
        return w.end();
    }

    /** Exactly the step's records counted, none rejected, a row for every checkout not dropped as late. */
    private void check(Window w, BatchCommits commits, Map<String, EventToRow.RowWrite> rows) {
        List<BatchCommits.Commit> batches = commits.visibleIn(w.startMicros(), w.drainedMicros());
        long counted = batches.stream().mapToLong(BatchCommits.Commit::eventsIn).sum();
        long rejected = batches.stream().mapToLong(BatchCommits.Commit::rejected).sum();
        long late = batches.stream().mapToLong(BatchCommits.Commit::lateDropped).sum();
        long sent = w.rampIn() + w.measured();
        if (counted != sent) {
            throw new IllegalStateException(label + " step " + w.step() + ": sent " + sent + " records, the job counted "
                    + counted);
        }
        if (rejected != 0) {
            throw new IllegalStateException(label + " step " + w.step() + ": the job rejected " + rejected
                    + " clean records (see ecommerce.dead_letters)");
        }
        long missing = data.checkoutsIn(w.first(), w.end()).stream().filter(c -> !rows.containsKey(c.checkoutId())).count();
        if (missing > late) {
            throw new IllegalStateException(label + " step " + w.step() + ": " + missing + " checkouts have no row, "
                    + "only " + late + " events were dropped as late");
        }
    }

    private StepResult evaluate(Window w, BatchCommits commits, Map<String, EventToRow.RowWrite> rows,
            Map<Long, JobLog.Batch> log) {
        long from = w.measuredFrom();
        EventToRow.Result latency = EventToRow.measure(data.checkoutsIn(from, w.end()), sends, rows,
                commits.byCommittedMicros());
        // The measured sends' window shifted by their median latency (when those records were committed),
        // ending at the step's last commit at the latest (after it the job idles until the next step).
        List<BatchCommits.Commit> stepCommits = commits.visibleIn(w.startMicros(), w.drainedMicros());
        long shift = Double.isNaN(latency.percentileSeconds(50)) ? 0 : (long) (latency.percentileSeconds(50) * 1e6);
        long m0 = sends.sentMicros(from) + shift;
        long m1 = Math.min(sends.sentMicros(w.end() - 1) + shift,
                stepCommits.get(stepCommits.size() - 1).visibleMicros());
        double sentRate = sends.rate(from, w.end());
        double sustained = m1 > m0 ? commits.fittedRate(m0, m1) : Double.NaN;
        long late = stepCommits.stream().mapToLong(BatchCommits.Commit::lateDropped).sum();
        List<JobLog.Batch> batches = commits.visibleIn(m0, m1).stream().map(c -> log.get(c.batchId()))
                .filter(b -> b != null).toList();
        double trigger = batches.stream().mapToLong(JobLog.Batch::triggerMs).sum();
        double sink = batches.stream().mapToLong(b -> Math.max(0, b.sinkMs())).sum();
        return new StepResult(w.rate(), sentRate, sustained, latency.percentileSeconds(50),
                latency.percentileSeconds(95), latency.percentileSeconds(99), latency.histogram().getTotalCount(),
                latency.upgraded(), late, batches.size(),
                median(batches.stream().mapToDouble(JobLog.Batch::inputRows).toArray()),
                median(batches.stream().mapToDouble(b -> b.triggerMs() / 1000.0).toArray()),
                batches.stream().mapToDouble(b -> b.triggerMs() / 1000.0).max().orElse(Double.NaN),
                trigger == 0 ? Double.NaN : sink / trigger, null);
    }

    static void awaitCounted(CommitPoller poller, long expected, Duration timeout, BooleanSupplier alive,
            Path log) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long counted = poller.commits().eventsIn();
            if (counted == expected) {
                return;
            }
            if (counted > expected) {
                throw new IllegalStateException("the job counted " + counted + " records, only " + expected + " were sent");
            }
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("the streaming worker ended, see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job counted " + counted + " of " + expected
                        + " records sent within " + timeout + ": lost records, or stuck; see " + log);
            }
            Thread.sleep(CommitPoller.INTERVAL_MILLIS);
        }
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static void requireDurable(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit")) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    if (!"on".equals(rs.getString(1))) {
                        throw new IllegalStateException("PostgreSQL " + setting + " is " + rs.getString(1) + ", not on");
                    }
                }
            }
        }
    }

    static String benchClasses() throws URISyntaxException {
        return Path.of(StreamingWorker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
