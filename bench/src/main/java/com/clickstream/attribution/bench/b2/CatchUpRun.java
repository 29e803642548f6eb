package com.clickstream.attribution.bench.b2;

import com.clickstream.attribution.bench.harness.ChildRun;
import com.clickstream.attribution.bench.harness.Dirs;
import com.clickstream.attribution.bench.harness.Progress;
import com.clickstream.attribution.local.RuntimeOptions;
import com.clickstream.attribution.local.child.StreamingJobProcess;
import com.clickstream.attribution.local.stack.LocalServers;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One catch-up after a stop (issue 14), on a fresh stack as {@link RampRun} builds it (PostgreSQL
 * with fsync on, kinesalite 2 streams x 2 shards, the job in a {@link StreamingWorker} child JVM with
 * B2's settings): the job reads the first minute of traffic live, is stopped, {@code minutes} of
 * traffic at {@code rate} events/s of event time pile up in Kinesis (clean generator traffic, in
 * arrival order, both streams interleaved), and the job is started again on its checkpoint. Measured:
 * the time from the restart (process start) and from the job being ready to the commit of the last
 * record, events/s while draining, micro-batches, and late-dropped, which must be 0: nothing in the
 * backlog is late against its own stream.
 */
final class CatchUpRun {

    /** The live part before the stop: one minute of traffic. */
    static final Duration LIVE = Duration.ofMinutes(1);
    /** Offered rate of the backlog's feed while the job is down: more than kinesalite takes, so as fast as it can. */
    static final int BACKLOG_FEED_RATE = 50_000;
    /** Records read into memory per feed call, so an hour of backlog never sits in the heap at once. */
    static final long FEED_CHUNK = 100_000;

    record Result(int minutes, long liveRecords, long backlogRecords, double feedSeconds, double startupSeconds,
            double drainSeconds, double drainEventsPerSecond, long batches, long lateDropped, long peakRssBytes) {
    }

    private CatchUpRun() {
    }

    static Result run(int minutes, int rate, Path runDir, Progress progress, String label) throws Exception {
        Dirs.deleteRecursively(runDir);
        Files.createDirectories(runDir);
        Duration span = LIVE.plus(Duration.ofMinutes(minutes));
        // every event time in the past (the sessions' purchases trail the span by up to about an hour)
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(span).minus(Duration.ofMinutes(90));
        progress.say("%s: generating %d min of traffic at %,d events/s", label, span.toMinutes(), rate);
        WireData data = WireData.generate(runDir.resolve("records.tsv"), WireData.clean(start, span, 0, rate));
        long live = Math.min(data.records() / 10, rate * LIVE.toSeconds());
        long backlog = data.records() - live;
        progress.say("%s: %,d records: %,d live, then %,d of backlog", label, data.records(), live, backlog);

        try (PostgresExtension pg = PostgresExtension.unmigrated()
                .withServerConfig("fsync", "on").withServerConfig("synchronous_commit", "on")) {
            pg.start();
            RampRun.requireDurable(pg.dataSource());
            try (LocalServers servers = LocalServers.start(RuntimeOptions.fromMap(Map.of("jdbc-url", pg.jdbcUrl(),
                    "work-dir", runDir.toString()), RuntimeOptions.defaults()), runDir);
                    KinesisFeed feed = new KinesisFeed(servers.kinesis(), data)) {
                List<String> jobArgs = new ArrayList<>(RampRun.JOB_SETTINGS);
                jobArgs.addAll(List.of("--jdbc_url", pg.jdbcUrl(), "--db_user", pg.user(),
                        "--db_password_env", "PGPASSWORD",
                        "--checkpoint_location", runDir.resolve("checkpoint").toAbsolutePath().toString()));
                jobArgs.addAll(RampRun.KINESIS_SETTINGS);
                jobArgs.addAll(List.of("--kinesis_endpoint", servers.kinesisEndpoint().toString()));
                SendLog sends = new SendLog();

                Worker first = Worker.start(pg, jobArgs, runDir.resolve("run1"), data);
                feed.feed(0, rate, 0, live, sends);
                awaitCounted(pg, live, Duration.ofMinutes(5), first);
                first.stop(progress, label);
                long lastBatchBefore = scalar(pg, "SELECT coalesce(max(batch_id), -1) FROM ecommerce.stream_progress");
                progress.say("%s: live part counted, job stopped; feeding the backlog", label);

                long feedStart = System.nanoTime();
                for (long sent = 0; sent < backlog; sent += FEED_CHUNK) {
                    feed.feed(1, BACKLOG_FEED_RATE, live + sent, Math.min(FEED_CHUNK, backlog - sent), sends);
                }
                double feedSeconds = (System.nanoTime() - feedStart) / 1e9;
                progress.say("%s: %,d records of backlog in Kinesis after %.1f s; restarting the job", label, backlog,
                        feedSeconds);

                long restart = System.nanoTime();
                Worker second = Worker.start(pg, jobArgs, runDir.resolve("run2"), data);
                double startup = (System.nanoTime() - restart) / 1e9;
                awaitCounted(pg, data.records(), Duration.ofHours(2), second);
                double drain = (System.nanoTime() - restart) / 1e9;
                long lateDropped = scalar(pg, "SELECT coalesce(sum(late_dropped), 0) FROM ecommerce.stream_metrics");
                long batches = scalar(pg, "SELECT count(*) FROM ecommerce.stream_progress WHERE batch_id > ? AND events_in > 0",
                        lastBatchBefore);
                long rss = second.stop(progress, label);
                double rate2 = backlog / Math.max(1e-9, drain - startup);
                progress.say("%s: drained %,d records %.1f s after the restart (job ready after %.1f s): %,.0f events/s, "
                        + "%d batches, late-dropped %d", label, backlog, drain, startup, rate2, batches, lateDropped);
                return new Result(minutes, live, backlog, feedSeconds, startup, drain, rate2, batches, lateDropped, rss);
            }
        }
    }

    /**
     * Waits until the job has counted {@code expected} records, read from the additive
     * {@code stream_metrics} (a batch re-run after the stop updates its {@code stream_progress} row,
     * which a poller that reads each row once would miss).
     */
    private static void awaitCounted(PostgresExtension pg, long expected, Duration timeout, Worker worker)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long counted = scalar(pg, "SELECT coalesce(sum(events_in), 0) FROM ecommerce.stream_metrics");
            if (counted == expected) {
                return;
            }
            if (counted > expected) {
                throw new IllegalStateException("the job counted " + counted + " records, only " + expected + " were sent");
            }
            if (!worker.alive()) {
                throw new IllegalStateException("the streaming worker ended, see " + worker.log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job counted " + counted + " of " + expected + " records within "
                        + timeout + "; see " + worker.log);
            }
            Thread.sleep(CommitPoller.INTERVAL_MILLIS);
        }
    }

    /** The long in the first column of the first row of {@code sql} with {@code values} bound in order. */
    private static long scalar(PostgresExtension pg, String sql, long... values) throws SQLException {
        try (Connection c = pg.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                st.setLong(i + 1, values[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One life of the job: the worker child JVM on the shared checkpoint, ready once it says so. */
    private static final class Worker {
        final ControlDir control;
        final Path log;
        final CompletableFuture<ChildRun.Outcome> process;

        private Worker(ControlDir control, Path log, CompletableFuture<ChildRun.Outcome> process) {
            this.control = control;
            this.log = log;
            this.process = process;
        }

        static Worker start(PostgresExtension pg, List<String> jobArgs, Path dir, WireData data) throws Exception {
            ControlDir control = new ControlDir(dir.resolve("control"));
            Path log = dir.resolve("worker.log");
            List<String> args = new ArrayList<>(List.of(Variant.KINESIS.id(), control.path("").toString(),
                    data.file().toAbsolutePath().toString()));
            args.addAll(jobArgs);
            List<String> jvm = new ArrayList<>(StreamingJobProcess.SPARK_JVM_ARGS);
            jvm.add(RampRun.WORKER_HEAP);
            jvm.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")).toAbsolutePath());
            String classpath = RampRun.benchClasses() + java.io.File.pathSeparator + StreamingJobProcess.classpath();
            CompletableFuture<ChildRun.Outcome> process = CompletableFuture.supplyAsync(() -> ChildRun.java(classpath,
                    jvm, StreamingWorker.class.getName(), args, Map.of("PGPASSWORD", pg.password()), log,
                    Duration.ofHours(3)));
            Worker worker = new Worker(control, log, process);
            control.await(Duration.ofMinutes(3), worker::alive, ControlDir.READY);
            return worker;
        }

        boolean alive() {
            return !process.isDone();
        }

        /** Asks the worker to stop its query and exit; returns its peak resident memory. */
        long stop(Progress progress, String label) throws Exception {
            control.write(ControlDir.STOP, "");
            ChildRun.Outcome outcome = process.get(3, TimeUnit.MINUTES);
            outcome.requireResult();
            return outcome.peakRssBytes();
        }
    }
}
