package com.clickstream.attribution.bench.b1;

import com.clickstream.attribution.bench.harness.ChildRun;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.local.child.ChildJvm;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole reconciler job, the real thing: its Boot jar as a child process ({@code reconciler.mode=once},
 * as local-runtime's ReconcilerProcess runs it) over the dataset's full range, reading the raw files through
 * s3proxy (filesystem backend serving the dataset directory as-is: the dataset's folder {@code raw-bench} is
 * the bucket) and writing to an embedded PostgreSQL with {@code fsync} and {@code synchronous_commit} on.
 * Every run starts from empty tables, so every checkout is inserted with its line items and ledger row (the
 * worst case for writes), then the rollups are refreshed. Wall time counts the JVM and Spring start too.
 */
final class ReconcilerJobRun implements AutoCloseable {

    /** The job's main steps, in order (Spring Batch step names). */
    static final List<String> STEPS = List.of("startRunStep", "recomputeStep", "applyStep",
            "refreshRollupsStep", "finishRunStep");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RawDataset dataset;
    private final Path workDir;
    private final PostgresExtension postgres;
    private final S3ServerExtension s3;

    private ReconcilerJobRun(RawDataset dataset, Path workDir, PostgresExtension postgres, S3ServerExtension s3) {
        this.dataset = dataset;
        this.workDir = workDir;
        this.postgres = postgres;
        this.s3 = s3;
    }

    /**
     * What one run did: wall time and peak RSS of the process, and from its row in
     * {@code ecommerce.reconciliation_runs} and {@code batch.BATCH_STEP_EXECUTION} the job's own figures.
     */
    record Outcome(double wallSeconds, long peakRssBytes, String status, long eventsRead, long checkouts,
            long checkoutsWritten, long itemsWritten, long ledgerRows, long rollupRows, double jobSeconds,
            Map<String, Double> stepSeconds, Path log) {
    }

    /** Starts PostgreSQL (migrated, fsync on) and s3proxy over the dataset's directory. */
    static ReconcilerJobRun start(RawDataset dataset, Path workDir) throws IOException, SQLException {
        PostgresExtension postgres = PostgresExtension.migratedWith(DatabaseMigrator::migrate)
                .withServerConfig("fsync", "on")
                .withServerConfig("synchronous_commit", "on");
        S3ServerExtension s3 = S3ServerExtension.inDirectory(dataset.root());
        ReconcilerJobRun run = new ReconcilerJobRun(dataset, Files.createDirectories(workDir), postgres, s3);
        try {
            postgres.start();
            s3.start();
            run.requireDurableWrites();
            run.requireObjectsVisible();
        } catch (RuntimeException | IOException | SQLException e) {
            run.close();
            throw e;
        }
        return run;
    }

    /** One run against empty tables: truncate, checkpoint, run the jar, read back what it recorded. */
    Outcome run(List<String> jvmArgs, Path log, Duration timeout) throws SQLException, IOException {
        postgres.truncateAll("ecommerce");
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT"); // the truncation's own writes are not the job's
        }
        Path jar = Path.of(ChildJvm.buildPaths().getProperty("reconciler.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("reconciler jar " + jar + " missing: build batch-reconciler first "
                    + "(mvn -pl batch-reconciler -am package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(),
                "--reconciler.mode=once",
                "--from=" + dataset.from(), "--to=" + dataset.to(),
                "--reconciler.s3.bucket=" + dataset.bucket(),
                "--spring.cloud.aws.s3.endpoint=" + s3.endpoint(),
                "--spring.cloud.aws.s3.path-style-access-enabled=true",
                "--spring.cloud.aws.credentials.access-key=" + S3ServerExtension.ACCESS_KEY,
                "--spring.cloud.aws.credentials.secret-key=" + S3ServerExtension.SECRET_KEY,
                "--reconciler.work-dir=" + workDir.resolve("reconciler-tmp").toAbsolutePath()));
        ChildRun.Outcome process = ChildRun.run(command, null, Map.of(
                "SPRING_DATASOURCE_URL", postgres.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", postgres.user(),
                "SPRING_DATASOURCE_PASSWORD", postgres.password()), log, timeout);
        if (process.exitCode() != 0) {
            throw new IllegalStateException("reconciler job failed (exit " + process.exitCode() + "), see " + log);
        }
        return recorded(process);
    }

    /** The job's rows in the answers format (what both engines computed). */
    void writeAnswers(Path file) throws SQLException, IOException {
        List<Answers.Answer> answers = new ArrayList<>();
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT checkout_id, user_id, revenue, attributed_click_id, "
                        + "traffic_source FROM ecommerce.attributed_checkouts ORDER BY checkout_id COLLATE \"C\"")) {
            while (rows.next()) {
                String clickId = rows.getString(4);
                answers.add(new Answers.Answer(rows.getString(1), rows.getString(2),
                        rows.getBigDecimal(3).toPlainString(), clickId == null ? "" : clickId, rows.getString(5)));
            }
        }
        Answers.write(file, answers);
    }

    @Override
    public void close() throws IOException {
        try {
            s3.close();
        } finally {
            postgres.close();
        }
    }

    private Outcome recorded(ChildRun.Outcome process) throws SQLException, IOException {
        try (Connection c = postgres.dataSource().getConnection()) {
            long runId;
            long jobExecutionId;
            String status;
            long eventsRead;
            long checkouts;
            JsonNode summary;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT run_id, job_execution_id, "
                    + "status, events_read, checkouts, summary::text FROM ecommerce.reconciliation_runs "
                    + "ORDER BY run_id DESC LIMIT 1")) {
                if (!r.next()) {
                    throw new IllegalStateException("the job recorded no run, see " + process.log());
                }
                runId = r.getLong(1);
                jobExecutionId = r.getLong(2);
                status = r.getString(3);
                eventsRead = r.getLong(4);
                checkouts = r.getLong(5);
                summary = JSON.readTree(r.getString(6));
            }
            if (!status.equals("completed")) {
                throw new IllegalStateException("reconciler run " + runId + " ended " + status + ", see " + process.log());
            }
            Map<String, Double> steps = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT step_name, extract(epoch FROM end_time - start_time) "
                    + "FROM batch.batch_step_execution WHERE job_execution_id = ?")) {
                s.setLong(1, jobExecutionId);
                try (ResultSet r = s.executeQuery()) {
                    Map<String, Double> all = new LinkedHashMap<>();
                    while (r.next()) {
                        all.put(r.getString(1), r.getDouble(2));
                    }
                    STEPS.forEach(step -> steps.put(step, all.getOrDefault(step, Double.NaN)));
                }
            }
            return new Outcome(process.seconds(), process.peakRssBytes(), status, eventsRead, checkouts,
                    count(c, "ecommerce.attributed_checkouts"), count(c, "ecommerce.checkout_items"),
                    count(c, "ecommerce.attribution_corrections"), summary.path("rollup_rows").asLong(),
                    summary.path("seconds").asDouble(Double.NaN), steps, process.log());
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** zonky starts PostgreSQL with fsync off; a write figure without it would flatter. */
    private void requireDurableWrites() throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit")) {
                try (ResultSet r = s.executeQuery("SHOW " + setting)) {
                    r.next();
                    if (!r.getString(1).equals("on")) {
                        throw new IllegalStateException(setting + " is " + r.getString(1) + ", expected on");
                    }
                }
            }
        }
    }

    /** s3proxy must list exactly the objects the dataset wrote (it serves files it did not write itself). */
    private void requireObjectsVisible() {
        int listed = s3.listKeys(dataset.bucket(), "raw/").size();
        if (listed != dataset.objects()) {
            throw new IllegalStateException("s3proxy lists " + listed + " objects under " + dataset.bucketDir()
                    + ", the dataset wrote " + dataset.objects());
        }
    }
}
