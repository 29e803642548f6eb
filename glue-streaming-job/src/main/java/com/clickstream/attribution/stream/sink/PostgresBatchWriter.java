package com.clickstream.attribution.stream.sink;

import com.clickstream.attribution.stream.sink.model.AttributedCheckoutRow;
import com.clickstream.attribution.stream.sink.model.CheckoutItemRow;
import com.clickstream.attribution.stream.sink.model.DeadLetterRow;
import com.clickstream.attribution.stream.sink.model.SinkBatch;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one micro-batch to PostgreSQL in ONE transaction, exactly once per (query, batch id):
 * <ol>
 *   <li>claim the batch in {@code stream_progress} (the row exists = the batch is a replay);</li>
 *   <li>COPY the answers into a temp table and upsert them with the min rule
 *       ({@link SinkSql#UPSERT_CHECKOUTS});</li>
 *   <li>COPY + insert the new checkouts' items, and the dead letters;</li>
 *   <li>add the batch's counters to the current minute of {@code stream_metrics} — on a replay only
 *       what exceeds the counters its earlier run recorded in {@code stream_progress} — and record
 *       them there;</li>
 *   <li>commit.</li>
 * </ol>
 *
 * <p><b>Replays.</b> Steps 2-3 are idempotent by construction (min rule; items and dead letters
 * insert-if-absent, dead letters keyed by their Kinesis sequence number), so an exact replay
 * changes nothing. They still run on a replay because the Kinesis connectors (qubole, and awslabs,
 * which shares its design) do not store a batch's END positions before running it: a re-run batch
 * reads from its start positions as far as the fetch limits allow, and its end positions replace the
 * original's. A replay may therefore hold records the original did not (seen in
 * {@code KinesisToPostgresIT}: a batch interrupted after the sink's commit came back with 3 more
 * records), and skipping it would lose them. The additive counters stay exact because a replay adds
 * only the difference to what the batch recorded before (an exact replay adds nothing).
 * Any failure rolls back and is thrown: nothing is swallowed. Connection-class errors (SQLSTATE
 * 08xxx, serialization failures, deadlocks, admin shutdown) are retried a few times on a fresh
 * connection, since the whole batch is one transaction; anything else, or the last failure, fails
 * the micro-batch and Spark re-runs it from the checkpoint when the query restarts.
 */
public final class PostgresBatchWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresBatchWriter.class);

    /**
     * What a batch did.
     *
     * @param replay       true when the batch had been committed before: only new work was counted
     * @param rowsWritten  attributed_checkouts rows inserted or changed (by a replay: only what the
     *                     original run had not written)
     * @param attributed   of those, rows written attributed
     * @param unattributed of those, rows written unattributed
     * @param newRevenue   revenue of the checkouts inserted (first written) by this batch
     */
    public record Outcome(boolean replay, long rowsWritten, long attributed, long unattributed, BigDecimal newRevenue) {
        Outcome asReplay() {
            return new Outcome(true, rowsWritten, attributed, unattributed, newRevenue);
        }
    }

    private final DatabaseSettings database;
    private final int maxAttempts;
    private Connection connection;

    public PostgresBatchWriter(DatabaseSettings database) {
        this(database, 3);
    }

    public PostgresBatchWriter(DatabaseSettings database, int maxAttempts) {
        this.database = Objects.requireNonNull(database, "database");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        this.maxAttempts = maxAttempts;
    }

    public Outcome write(String queryName, long batchId, SinkBatch batch) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOnce(queryName, batchId, batch);
            } catch (SQLException e) {
                closeConnection();
                if (attempt >= maxAttempts || !isRetryable(e)) {
                    throw e;
                }
                log.warn("batch {} of {}: attempt {} failed ({} {}), retrying on a new connection",
                        batchId, queryName, attempt, e.getSQLState(), e.getMessage());
                sleep(200L * attempt * attempt);
            }
        }
    }

    private Outcome writeOnce(String queryName, long batchId, SinkBatch batch) throws SQLException {
        Connection c = connection();
        try {
            boolean firstRun = claim(c, queryName, batchId);
            Outcome outcome = upsertCheckouts(c, batch);
            copyAndInsert(c, SinkSql.STAGE_ITEMS, SinkSql.COPY_ITEMS, SinkSql.INSERT_ITEMS, itemsCsv(batch));
            copyAndInsert(c, SinkSql.STAGE_DEAD_LETTERS, SinkSql.COPY_DEAD_LETTERS, SinkSql.INSERT_DEAD_LETTERS,
                    deadLettersCsv(batch));
            long[] before = firstRun ? new long[3] : countedSoFar(c, queryName, batchId);
            long[] added = {
                Math.max(0, batch.eventsIn() - before[0]),
                Math.max(0, batch.rejected() - before[1]),
                Math.max(0, batch.lateDropped() - before[2])};
            // the upsert's counts are already only what earlier runs had not written
            if (firstRun || outcome.rowsWritten() > 0 || added[0] + added[1] + added[2] > 0) {
                addMetrics(c, queryName, added, outcome);
                recordCounted(c, queryName, batchId, outcome.rowsWritten(), added);
            }
            c.commit();
            return firstRun ? outcome : outcome.asReplay();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    private static boolean claim(Connection c, String queryName, long batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SinkSql.CLAIM_BATCH)) {
            ps.setString(1, queryName);
            ps.setLong(2, batchId);
            return ps.executeUpdate() == 1;
        }
    }

    private static Outcome upsertCheckouts(Connection c, SinkBatch batch) throws SQLException {
        if (batch.checkouts().isEmpty()) {
            return new Outcome(false, 0, 0, 0, BigDecimal.ZERO);
        }
        CsvRows csv = new CsvRows();
        for (AttributedCheckoutRow r : batch.checkouts()) {
            csv.add(r.checkoutId()).add(r.userId()).add(r.checkoutTs()).add(r.revenue()).add(r.currency())
                    .add(r.attributed()).add(r.attributedClickId()).add(r.clickTs()).add(r.trafficSource())
                    .add(r.campaignId()).add(r.deviceType()).add(r.firstProductId()).add(r.firstProductCategory())
                    .endRow();
        }
        stageAndCopy(c, SinkSql.STAGE_CHECKOUTS, SinkSql.COPY_CHECKOUTS, csv.text());
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SinkSql.UPSERT_CHECKOUTS)) {
            rs.next();
            return new Outcome(false, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4));
        }
    }

    private static String itemsCsv(SinkBatch batch) {
        if (batch.items().isEmpty()) {
            return null;
        }
        CsvRows csv = new CsvRows();
        for (CheckoutItemRow r : batch.items()) {
            csv.add(r.checkoutId()).add(r.lineNo()).add(r.productId()).add(r.productName()).add(r.unitPrice())
                    .add(r.quantity()).endRow();
        }
        return csv.text();
    }

    private static String deadLettersCsv(SinkBatch batch) {
        if (batch.deadLetters().isEmpty()) {
            return null;
        }
        CsvRows csv = new CsvRows();
        for (DeadLetterRow r : batch.deadLetters()) {
            csv.add(r.eventType()).add(r.reasonCode()).add(r.detail()).add(r.payload()).add(r.streamName())
                    .add(r.partitionKey()).add(r.sequenceNumber()).endRow();
        }
        return csv.text();
    }

    private static void copyAndInsert(Connection c, String stage, String copy, String insert, String csvOrNull)
            throws SQLException {
        if (csvOrNull == null) {
            return;
        }
        stageAndCopy(c, stage, copy, csvOrNull);
        try (Statement st = c.createStatement()) {
            st.executeUpdate(insert);
        }
    }

    private static void stageAndCopy(Connection c, String stage, String copy, String csv) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(stage);
        }
        try {
            new CopyManager(c.unwrap(BaseConnection.class)).copyIn(copy, new StringReader(csv));
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + copy, "08006", e);
        }
    }

    /** events_in, rejected, late_dropped as recorded by earlier runs of this batch. */
    private static long[] countedSoFar(Connection c, String queryName, long batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SinkSql.COUNTED_SO_FAR)) {
            ps.setString(1, queryName);
            ps.setLong(2, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("stream_progress row of " + queryName + "/" + batchId + " vanished");
                }
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    private static void recordCounted(Connection c, String queryName, long batchId, long rowsWritten, long[] added)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SinkSql.RECORD_COUNTED)) {
            ps.setLong(1, rowsWritten);
            ps.setLong(2, added[0]);
            ps.setLong(3, added[1]);
            ps.setLong(4, added[2]);
            ps.setString(5, queryName);
            ps.setLong(6, batchId);
            ps.executeUpdate();
        }
    }

    /** Adds events_in, rejected, late_dropped ({@code counts}) and the upsert's outcome to the current minute. */
    private static void addMetrics(Connection c, String queryName, long[] counts, Outcome outcome)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SinkSql.ADD_METRICS)) {
            ps.setString(1, queryName);
            ps.setLong(2, counts[0]);
            ps.setLong(3, counts[1]);
            ps.setLong(4, counts[2]);
            ps.setLong(5, outcome.attributed());
            ps.setLong(6, outcome.unattributed());
            ps.setBigDecimal(7, outcome.newRevenue());
            ps.executeUpdate();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Properties props = new Properties();
            props.setProperty("user", database.user());
            if (database.password() != null) {
                props.setProperty("password", database.password());
            }
            props.setProperty("ApplicationName", "streaming-attribution");
            props.setProperty("tcpKeepAlive", "true");
            connection = DriverManager.getConnection(database.jdbcUrl(), props);
            connection.setAutoCommit(false);
        }
        return connection;
    }

    static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("40001") || state.equals("40P01")
                || state.equals("57P01"));
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException suppressed) {
            log.debug("rollback failed", suppressed);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("close failed", e);
            }
            connection = null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
