package com.clickstream.attribution.bench.b3;

import com.clickstream.attribution.bench.harness.BenchContext;
import com.clickstream.attribution.bench.harness.Benchmark;
import com.clickstream.attribution.bench.harness.Charts;
import com.clickstream.attribution.bench.harness.ChildRun;
import com.clickstream.attribution.bench.harness.Section;
import com.clickstream.attribution.bench.harness.Stats;
import com.clickstream.attribution.local.child.ChildJvm;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * B3 — PostgreSQL sink vs COPY: rows/s of the streaming job's sink and of the reconciler's write path
 * against binary COPY of the same rows into an unlogged table of the same shape, on one embedded
 * PostgreSQL with fsync and synchronous_commit on. Every run starts from empty tables (all rows new),
 * and every run's result is checked: the table must hold exactly the row set's answers (same
 * order-independent hash of every row as the ceiling's), plus the items and ledger rows a path writes.
 *
 * <p>System properties for looking closer: {@code -Db3.rows=N} (default 1,000,000; 20,000 with
 * {@code --quick}), {@code -Db3.paths=prefix,...} (only the ceiling and these paths, see
 * {@link #selected}), {@code -Db3.statements=true} (pg_stat_statements: after each run, the
 * statements that took the server's time).
 */
public final class PostgresSinkBenchmark implements Benchmark {

    static final long SEED = 7;
    static final int FULL_ROWS = 1_000_000;
    static final int QUICK_ROWS = 20_000;
    /** The reconciler's default chunk (reconciler.chunk-size). */
    static final int CHUNK_USERS = 500;
    static final int STREAM_BATCH_SMALL = 10_000;
    static final int STREAM_BATCH_LARGE = 100_000;
    /** The goal for the sink. */
    static final double GOAL_ROWS_PER_S = 256_000;

    @Override
    public String id() {
        return "b3";
    }

    @Override
    public String title() {
        return "B3 — PostgreSQL sink vs COPY";
    }

    /** A measured path: what it is, what it writes, how one run goes. */
    private record WritePath(String key, String label, String chartLabel, String writes, String table, boolean items,
                             Run run) {
    }

    @FunctionalInterface
    private interface Run {
        /** One run into empty tables; returns seconds and the rows the path reports written. */
        DirectWritePaths.Timed run(int runNo) throws Exception;
    }

    @Override
    public void run(BenchContext context, Section section) throws Exception {
        int n = Integer.getInteger("b3.rows", context.quick() ? QUICK_ROWS : FULL_ROWS);
        context.progress().say("b3: building %,d rows (seed %d)", n, SEED);
        CheckoutRowSet rows = CheckoutRowSetGenerator.generate(SEED, n);
        Path rowFile = context.workDir().resolve("rows-" + SEED + "-" + n + ".bin");
        rows.write(rowFile);
        Expected expected = Expected.of(rows);
        context.progress().say("b3: %,d rows (%,d attributed, %,d line items), file %s", n, expected.attributed(),
                rows.totalItems(), rowFile);

        try (SinkDatabase db = SinkDatabase.start(Boolean.getBoolean("b3.statements"))) {
            Map<String, String> settings = db.settings();
            context.progress().say("b3: PostgreSQL %s, fsync=%s, synchronous_commit=%s", settings.get("server_version"),
                    settings.get("fsync"), settings.get("synchronous_commit"));
            if (!"on".equals(settings.get("fsync")) || !"on".equals(settings.get("synchronous_commit"))) {
                throw new IllegalStateException("PostgreSQL must run with fsync and synchronous_commit on: " + settings);
            }
            try (Connection c = db.connect()) {
                CopyEncoderRoundTrip.verify(c);
            }
            context.progress().say("b3: binary COPY encoder round trip OK (%d edge values)",
                    CopyEncoderRoundTrip.VALUES.size());
            warmUp(rows);
            ReconcilerWritePath reconciler = new ReconcilerWritePath(db.jdbcUrl(), db.user());
            List<WritePath> paths = selected(paths(context, db, rows, rowFile, reconciler));
            Map<String, List<Double>> seconds = measure(context, db, rows, expected, paths);
            report(context, section, n, rows, expected, settings, paths, seconds);
        }
    }

    /** JIT-compiles the row accessors and the encoder, so the ceiling (measured first) does not pay for it. */
    private static void warmUp(CheckoutRowSet rows) throws IOException {
        for (int pass = 0; pass < 2; pass++) {
            PgBinaryCopyWriter out = new PgBinaryCopyWriter(OutputStream.nullOutputStream());
            for (int i = 0; i < rows.size(); i++) {
                DirectWritePaths.writeRow(out, rows, i);
            }
            out.finish();
        }
    }

    private List<WritePath> paths(BenchContext context, SinkDatabase db, CheckoutRowSet rows, Path rowFile,
            ReconcilerWritePath reconciler) throws URISyntaxException {
        DirectWritePaths direct = new DirectWritePaths(db.jdbcUrl(), db.user());
        String streamClasspath = streamingClasspath();
        int[] byUser = rows.byUser();
        List<WritePath> paths = new ArrayList<>();
        paths.add(new WritePath("copy_binary_unlogged", "COPY binary → unlogged, same shape (ceiling)", "COPY unlogged",
                "`COPY … FROM STDIN (FORMAT binary)` (pgjdbc CopyManager, rows encoded while streaming) into an "
                        + "UNLOGGED table created `LIKE ecommerce.attributed_checkouts INCLUDING ALL`: same columns, "
                        + "defaults, generated `time_to_purchase_seconds`, CHECKs, primary key and the 4 secondary "
                        + "indexes; one transaction",
                SinkDatabase.UNLOGGED, false, r -> direct.copyBinary(SinkDatabase.UNLOGGED, rows)));
        paths.add(new WritePath("copy_binary_unlogged_no_indexes", "COPY binary → unlogged, no indexes",
                "COPY unlogged, no index",
                "the same COPY into an UNLOGGED table with the same columns, defaults, generated column and CHECKs "
                        + "but no primary key or index (the bare heap, as the earlier ~850k rows/s note measured)",
                SinkDatabase.UNLOGGED_BARE, false, r -> direct.copyBinary(SinkDatabase.UNLOGGED_BARE, rows)));
        paths.add(new WritePath("copy_binary_logged", "COPY binary → ecommerce.attributed_checkouts", "COPY logged",
                "the same COPY into the real, logged `ecommerce.attributed_checkouts` (WAL, PK + 4 indexes): the "
                        + "most any sink could do for all-new rows on this table",
                SinkDatabase.CHECKOUTS, false, r -> direct.copyBinary(SinkDatabase.CHECKOUTS, rows)));
        paths.add(streamPath(context, db, rowFile, streamClasspath, STREAM_BATCH_SMALL, false));
        paths.add(streamPath(context, db, rowFile, streamClasspath, STREAM_BATCH_LARGE, false));
        paths.add(streamPath(context, db, rowFile, streamClasspath, STREAM_BATCH_SMALL, true));
        paths.add(reconcilerPath(context, rows, byUser, reconciler, false));
        paths.add(reconcilerPath(context, rows, byUser, reconciler, true));
        paths.add(new WritePath("copy_temp_insert_on_conflict", "COPY binary → temp + one INSERT … ON CONFLICT",
                "COPY temp + INSERT",
                "reference: binary COPY of all rows into a temp table, then one `INSERT … SELECT … ON CONFLICT "
                        + "(checkout_id) DO NOTHING` into `ecommerce.attributed_checkouts`; one transaction",
                SinkDatabase.CHECKOUTS, false, r -> direct.copyToTempThenInsert(rows)));
        paths.add(new WritePath("jdbc_batch_upsert_rewrite", "JDBC batch upsert, reWriteBatchedInserts",
                "JDBC batch upsert",
                "reference: `INSERT … VALUES (…) ON CONFLICT (checkout_id) DO NOTHING` per row, `addBatch`, "
                        + "`reWriteBatchedInserts=true`, executeBatch + commit every "
                        + String.format(Locale.ROOT, "%,d", DirectWritePaths.JDBC_BATCH_ROWS) + " rows",
                SinkDatabase.CHECKOUTS, false, r -> direct.jdbcBatchUpsert(rows)));
        return paths;
    }

    private WritePath streamPath(BenchContext context, SinkDatabase db, Path rowFile, String classpath, int batchRows,
            boolean items) {
        String size = batchSize(batchRows);
        String key = streamKey(batchRows, items);
        String label = "streaming sink (PostgresBatchWriter), " + size + "-row batches" + (items ? " + items" : "");
        String writes = "the streaming job's `PostgresBatchWriter.write` per micro-batch of "
                + String.format(Locale.ROOT, "%,d", batchRows) + " rows, one transaction each: claim in "
                + "`stream_progress`, COPY csv into a temp table, min-rule `INSERT … ON CONFLICT DO UPDATE … WHERE` "
                + "into `ecommerce.attributed_checkouts`"
                + (items ? ", COPY + `INSERT … ON CONFLICT DO NOTHING` of the line items into `checkout_items`" : "")
                + ", `stream_metrics` upsert; in a child JVM on the job's classpath (no SparkSession), timing only "
                + "`write()`";
        return new WritePath(key, label, "stream " + size + (items ? " + items" : ""), writes, SinkDatabase.CHECKOUTS,
                items, r -> {
                    Path log = context.workDir().resolve("logs").resolve(key + "-run" + r + ".log");
                    ChildRun.Outcome outcome;
                    try (LogWatch watch = LogWatch.every(Duration.ofSeconds(10), log,
                            line -> context.progress().say("b3:   … %s", line))) {
                        outcome = ChildRun.java(classpath, List.of(), StreamingSinkWorker.class.getName(),
                                List.of(rowFile.toString(), db.jdbcUrl(), db.user(), Integer.toString(batchRows),
                                        Boolean.toString(items), "b3/" + key + "/" + r),
                                Map.of(), log, Duration.ofMinutes(30));
                    }
                    JsonNode result = outcome.requireResult();
                    return new DirectWritePaths.Timed(result.get("rows").asLong(), result.get("seconds").asDouble());
                });
    }

    /**
     * The paths to run: by default all but the reconciler without items (the job always writes items
     * with an inserted checkout, and that variant would add minutes at full size). {@code
     * -Db3.paths=prefix,prefix} runs the ceiling plus the paths whose key starts with one of them,
     * e.g. {@code reconciler} for both reconciler variants.
     */
    private static List<WritePath> selected(List<WritePath> all) {
        String filter = System.getProperty("b3.paths", "").strip();
        if (filter.isEmpty()) {
            return all.stream().filter(p -> !p.key().equals(reconcilerKey(false))).toList();
        }
        List<String> prefixes = List.of(filter.split(","));
        List<WritePath> kept = new ArrayList<>(List.of(all.get(0)));
        all.stream().skip(1).filter(p -> prefixes.stream().anyMatch(x -> p.key().startsWith(x.strip())))
                .forEach(kept::add);
        return kept;
    }

    private static String reconcilerKey(boolean items) {
        return "reconciler_writer_chunk_" + CHUNK_USERS + "_users" + (items ? "_with_items" : "");
    }

    private static String batchSize(int batchRows) {
        return batchRows % 1000 == 0 ? (batchRows / 1000) + "k" : Integer.toString(batchRows);
    }

    private static String streamKey(int batchRows, boolean items) {
        return "stream_writer_batch_" + batchSize(batchRows) + (items ? "_with_items" : "");
    }

    private static WritePath reconcilerPath(BenchContext context, CheckoutRowSet rows, int[] byUser,
            ReconcilerWritePath reconciler, boolean items) {
        String key = reconcilerKey(items);
        String writes = "the batch reconciler's `CorrectionsWriter.write` per chunk of " + CHUNK_USERS
                + " users (≈" + (int) Math.round((double) rows.size() / Math.max(1, countUsers(rows, byUser)) * CHUNK_USERS)
                + " checkouts), one transaction each: `SELECT … WHERE checkout_id = ANY(?)` of the stored rows, diff, "
                + "then `CorrectionsRepository`: one set-based `INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING "
                + "RETURNING` of the chunk's checkouts" + (items ? ", one of their line items" : "")
                + " and one of their `attribution_corrections` ledger rows "
                + "(Hikari pool and plain JDBC URL like the job; without Spring Batch's step bookkeeping)";
        return new WritePath(key, "reconciler write path, " + CHUNK_USERS + "-user chunks" + (items ? " + items" : ""),
                "reconciler" + (items ? " + items" : ""), writes, SinkDatabase.CHECKOUTS, items, r -> {
                    int step = Math.max(1, rows.size() / 4);
                    int[] next = {step};
                    ReconcilerWritePath.Result result = reconciler.run(rows, byUser, CHUNK_USERS, items, done -> {
                        if (done >= next[0] && done < rows.size()) {
                            context.progress().say("b3:   … %,d of %,d rows", done, rows.size());
                            next[0] += step;
                        }
                    });
                    return new DirectWritePaths.Timed(result.corrections(), result.seconds());
                });
    }

    private static long countUsers(CheckoutRowSet rows, int[] byUser) {
        long users = 0;
        for (int k = 0; k < byUser.length; k++) {
            if (k == 0 || rows.userIndex(byUser[k]) != rows.userIndex(byUser[k - 1])) {
                users++;
            }
        }
        return users;
    }

    /** Rounds of runs (each path once per round, so a busy moment of the machine hits all paths alike). */
    private static Map<String, List<Double>> measure(BenchContext context, SinkDatabase db, CheckoutRowSet rows,
            Expected expected, List<WritePath> paths) throws Exception {
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        SinkDatabase.Fingerprint reference = null;
        SinkDatabase.ItemsFingerprint referenceItems = null;
        for (int r = 1; r <= context.runs(); r++) {
            for (WritePath path : paths) {
                db.reset();
                context.progress().say("b3: %s — run %d/%d", path.label(), r, context.runs());
                DirectWritePaths.Timed timed = path.run().run(r);
                if (timed.rows() != rows.size()) {
                    throw new IllegalStateException(path.key() + " reports " + timed.rows() + " rows written, expected "
                            + rows.size());
                }
                SinkDatabase.Fingerprint fp = db.fingerprint(path.table());
                if (reference == null) {
                    expected.check(fp, path.key());
                    reference = fp;
                } else if (!fp.sameRows(reference)) {
                    throw new IllegalStateException(path.key() + " wrote different rows than " + paths.get(0).key()
                            + ": " + fp + " vs " + reference);
                }
                if (fp.notVersionOne() != 0) {
                    throw new IllegalStateException(path.key() + ": " + fp.notVersionOne() + " rows not at version 1");
                }
                referenceItems = checkSideTables(db, rows, expected, path, referenceItems);
                seconds.computeIfAbsent(path.key(), k -> new ArrayList<>()).add(timed.seconds());
                context.progress().say("b3:   %,.0f rows/s (%.2f s), rows verified", rows.size() / timed.seconds(),
                        timed.seconds());
                for (String statement : db.topStatements(6)) {
                    context.progress().say("b3:     %s", statement);
                }
            }
        }
        return seconds;
    }

    /** Items (when the path writes them), ledger rows (reconciler) and batch ledger (stream) must be complete. */
    private static SinkDatabase.ItemsFingerprint checkSideTables(SinkDatabase db, CheckoutRowSet rows, Expected expected,
            WritePath path, SinkDatabase.ItemsFingerprint reference) throws Exception {
        SinkDatabase.ItemsFingerprint items = db.items();
        if (!path.items()) {
            if (items.rows() != 0) {
                throw new IllegalStateException(path.key() + " wrote " + items.rows() + " items, expected none");
            }
        } else {
            if (items.rows() != rows.totalItems() || items.amount().compareTo(expected.revenue()) != 0) {
                throw new IllegalStateException(path.key() + ": items " + items + ", expected " + rows.totalItems()
                        + " lines summing to the revenue " + expected.revenue());
            }
            if (reference != null && items.hashSum().compareTo(reference.hashSum()) != 0) {
                throw new IllegalStateException(path.key() + " wrote different items than an earlier path");
            }
            reference = items;
        }
        if (path.key().startsWith("reconciler")) {
            long ledger = db.count("SELECT count(*) FROM ecommerce.attribution_corrections");
            if (ledger != rows.size()) {
                throw new IllegalStateException(path.key() + ": " + ledger + " ledger rows, expected " + rows.size());
            }
        }
        if (path.key().startsWith("stream")) {
            long written = db.count("SELECT coalesce(sum(rows_written), 0) FROM ecommerce.stream_progress");
            if (written != rows.size()) {
                throw new IllegalStateException(path.key() + ": stream_progress counts " + written + " rows");
            }
        }
        return reference;
    }

    /** What the row set must look like in the database (computed in Java). */
    private record Expected(long rows, long attributed, BigDecimal revenue) {
        static Expected of(CheckoutRowSet rows) {
            long attributed = 0;
            long cents = 0;
            for (int i = 0; i < rows.size(); i++) {
                attributed += rows.attributed(i) ? 1 : 0;
                cents += rows.revenueCents(i);
            }
            return new Expected(rows.size(), attributed, BigDecimal.valueOf(cents, 2));
        }

        void check(SinkDatabase.Fingerprint fp, String path) {
            if (fp.rows() != rows || fp.attributed() != attributed || fp.revenue().compareTo(revenue) != 0) {
                throw new IllegalStateException(path + " holds " + fp + ", expected " + this);
            }
        }
    }

    private void report(BenchContext context, Section section, int n, CheckoutRowSet rows, Expected expected,
            Map<String, String> settings, List<WritePath> paths, Map<String, List<Double>> seconds) throws Exception {
        Map<String, Stats> rowsPerS = new LinkedHashMap<>();
        for (WritePath path : paths) {
            Stats s = new Stats("s", seconds.get(path.key()));
            rowsPerS.put(path.key(), s.map("rows/s", v -> n / v));
        }
        double ceiling = rowsPerS.get(paths.get(0).key()).median();

        StringBuilder note = new StringBuilder();
        note.append(String.format(Locale.ROOT, "%s%,d new `attributed_checkouts` rows (seed %d: %.1f%% attributed with "
                        + "click columns, the rest unattributed; ids, sources, campaigns, devices and products from the "
                        + "generator's catalog and traffic mix; %.2f line items per checkout), the same rows for every "
                        + "path. Each run starts from truncated tables and a `CHECKPOINT`, so every row is new; rows/s = "
                        + "rows / seconds of the path's own writes (connection already open). One embedded PostgreSQL "
                        + "%s with `fsync=%s`, `synchronous_commit=%s` (read back with `SHOW`), `full_page_writes=%s`, "
                        + "`shared_buffers=%s`, `max_wal_size=%s`. After every run the table is checked: row count, "
                        + "attributed count, revenue and a hash of every row's answer columns (incl. the generated "
                        + "`time_to_purchase_seconds`) must equal the ceiling's and the Java-side expectation; items, "
                        + "ledger rows and `stream_progress` must be complete. The binary COPY encoder is checked by a "
                        + "round trip of edge values first.\n\n",
                context.quick() ? "**Quick run: figures mean nothing.** " : "", n, SEED,
                100.0 * expected.attributed() / n, (double) rows.totalItems() / n, settings.get("server_version"),
                settings.get("fsync"), settings.get("synchronous_commit"), settings.get("full_page_writes"),
                settings.get("shared_buffers"), settings.get("max_wal_size")));
        note.append("What each path writes:\n\n");
        for (WritePath path : paths) {
            note.append("- **").append(path.label()).append("**: ").append(path.writes()).append(".\n");
        }
        note.append(String.format(Locale.ROOT, "%nGoal: the sink at %,.0f new rows/s or more. Median rows/s against "
                + "the goal and the COPY ceiling (%s):%n%n", GOAL_ROWS_PER_S, Stats.number(ceiling) + " rows/s"));
        for (WritePath path : paths) {
            double median = rowsPerS.get(path.key()).median();
            note.append(String.format(Locale.ROOT, "- %s: %s rows/s = %.2f× the goal, %.2f× the ceiling%n",
                    path.label(), Stats.number(median), median / GOAL_ROWS_PER_S, median / ceiling));
        }
        section.note(note.toString());

        var table = section.table("Rows/s per path (" + context.runs() + " runs each; median (min – max))", "path",
                "rows", "rows/s", "ratio to COPY ceiling", "seconds");
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        for (WritePath path : paths) {
            Stats r = rowsPerS.get(path.key());
            table.row(path.label(), String.format(Locale.ROOT, "%,d", n), r,
                    String.format(Locale.ROOT, "%.2f", r.median() / ceiling), new Stats("s", seconds.get(path.key())));
            // one series per path: the legend carries the names, which the category axis would cut
            bars.put(path.chartLabel(), Map.of("new rows/s (median)", r.median()));
            section.metric(path.key() + "_rows_per_s", r);
            section.metric(path.key() + "_seconds", new Stats("s", seconds.get(path.key())));
            section.value(path.key() + "_ratio_to_ceiling", r.median() / ceiling);
        }
        String chart = "b3-sink-rows-per-s.png";
        Charts.bars(context.chart(chart), "PostgreSQL writes of " + String.format(Locale.ROOT, "%,d", n)
                + " new rows (goal: sink >= 256k rows/s)", "", "rows/s", bars, false);
        section.chart(chart, "B3: median rows/s per write path");
        section.value("rows", n);
        section.value("line_items", rows.totalItems());
        section.value("attributed_rows", expected.attributed());
        section.value("seed", SEED);
        section.value("chunk_users", CHUNK_USERS);
        settings.forEach((k, v) -> section.value("pg_" + k, v));
    }

    /** bench classes (this class's code source) + the streaming job's classpath. */
    private static String streamingClasspath() throws URISyntaxException {
        Path benchClasses = Path.of(StreamingSinkWorker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path file = Path.of(ChildJvm.buildPaths().getProperty("streaming.classpath.file"));
        try {
            return benchClasses + File.pathSeparator + Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException("streaming classpath file " + file + " missing: build local-runtime", e);
        }
    }
}
