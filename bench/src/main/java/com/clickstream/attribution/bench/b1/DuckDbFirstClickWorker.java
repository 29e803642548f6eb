package com.clickstream.attribution.bench.b1;

import com.clickstream.attribution.bench.harness.ChildRun;
import com.clickstream.attribution.bench.harness.PeakRss;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.rules.AttributionWindow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * Child-JVM worker: first-click attribution as an analyst would write it in DuckDB, one SQL query over
 * {@code read_parquet} of the dataset's raw click and checkout files (the same bytes the reconciler reads).
 * Timed: from executing the query until every result row is in Java (the connection is opened before,
 * the answers file written after). DuckDB runs on {@code threads} threads (default: available
 * processors) with its default {@code memory_limit} (80% of RAM).
 *
 * <p>Arguments: {@code <dataset root> <answers file> [threads]}.
 */
public final class DuckDbFirstClickWorker {

    /**
     * attribution-core's first-click rule in SQL (docs/attribution.md). Candidates: the same user's clicks
     * with {@code event_ts} in {@code [checkout_ts - W, checkout_ts]}, both ends inclusive. The first click
     * is the minimum of {@code (event_ts, event_id, traffic_source)}: DuckDB compares structs field by field
     * and VARCHARs by their UTF-8 bytes, i.e. by code point like {@code ClickOrder.EVENT_ID}. A minimum does
     * not care about copies of a click, so clicks need no deduplication. Copies of a checkout are one
     * checkout: the first by {@code BucketEvents.CHECKOUT_COPIES}' order. A checkout without candidates
     * gets a struct of nulls, i.e. no click and {@code unattributed}.
     *
     * <p>Of the formulations tried on 1M events, this (hash join on user + range filter + min over a
     * struct) was the fastest, about 0.45 CPU-seconds; an ASOF join over clicks pre-aggregated per
     * (user, ms) and the Athena query's row_number() formulation (db/athena/queries.sql) each took about
     * twice its CPU time, a window over the union of both event types (RANGE W PRECEDING) about 4x.
     *
     * <p>Parameters: checkout glob, click glob, W in milliseconds.
     */
    static final String FIRST_CLICK_SQL = """
            WITH checkouts AS (
                SELECT DISTINCT ON (event_id) event_id, user_id, event_ts, total_amount
                FROM read_parquet(?, hive_partitioning = false)
                ORDER BY event_id, event_ts, total_amount, currency, user_id, session_id, payment_method
            ), answers AS (
                SELECT co.event_id AS checkout_id, co.user_id, co.total_amount,
                       min({'ts': cl.event_ts, 'id': cl.event_id, 'source': cl.traffic_source}) AS first_click
                FROM checkouts co
                LEFT JOIN read_parquet(?, hive_partitioning = false) cl
                  ON cl.user_id = co.user_id
                 AND cl.event_ts BETWEEN co.event_ts - ? AND co.event_ts
                GROUP BY co.event_id, co.user_id, co.total_amount
            )
            SELECT checkout_id, user_id, total_amount, first_click.id AS click_id,
                   coalesce(first_click.source, 'unattributed') AS traffic_source
            FROM answers
            """;

    private DuckDbFirstClickWorker() {
    }

    /** The answers and how long the query took (execute + fetch). */
    public record Run(List<Answers.Answer> answers, double seconds) {

        long attributed() {
            return answers.stream().filter(a -> !a.clickId().isEmpty()).count();
        }
    }

    public static void main(String[] args) throws Exception {
        RawDataset dataset = RawDataset.open(Path.of(args[0]));
        Path answersFile = Path.of(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Run run;
        String memoryLimit;
        String version;
        try (Connection duck = open(threads)) {
            memoryLimit = setting(duck, "memory_limit");
            version = scalar(duck, "SELECT version()");
            run = firstClick(duck, dataset.glob(EventType.CLICK), dataset.glob(EventType.CHECKOUT),
                    AttributionWindow.DEFAULT_LENGTH);
        }
        Answers.write(answersFile, run.answers());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("engine", "duckdb");
        result.put("seconds", run.seconds());
        result.put("checkouts", run.answers().size());
        result.put("attributed", run.attributed());
        result.put("threads", threads);
        result.put("memoryLimit", memoryLimit);
        result.put("version", version);
        result.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        result.put("peakRssBytes", PeakRss.self());
        ChildRun.report(result);
    }

    /** An in-memory DuckDB with {@code threads} threads. */
    static Connection open(int threads) throws SQLException {
        Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("SET threads = " + threads);
        }
        return duck;
    }

    /** Runs {@link #FIRST_CLICK_SQL} over the files of the two globs. */
    static Run firstClick(Connection duck, String clickGlob, String checkoutGlob, Duration window) throws SQLException {
        List<Answers.Answer> answers = new ArrayList<>();
        long started = System.nanoTime();
        try (PreparedStatement query = duck.prepareStatement(FIRST_CLICK_SQL)) {
            query.setString(1, checkoutGlob);
            query.setString(2, clickGlob);
            query.setLong(3, new AttributionWindow(window).length().toMillis());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String clickId = rows.getString(4);
                    answers.add(new Answers.Answer(rows.getString(1), rows.getString(2),
                            rows.getBigDecimal(3).toPlainString(), clickId == null ? "" : clickId, rows.getString(5)));
                }
            }
        }
        return new Run(answers, (System.nanoTime() - started) / 1e9);
    }

    private static String setting(Connection duck, String name) throws SQLException {
        try (PreparedStatement s = duck.prepareStatement("SELECT current_setting(?)")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private static String scalar(Connection duck, String sql) throws SQLException {
        try (Statement s = duck.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
