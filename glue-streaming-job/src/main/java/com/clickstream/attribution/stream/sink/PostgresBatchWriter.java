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
import java.util.Optional;
import java.util.Properties;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one micro-batch to PostgreSQL in ONE transaction, exactly once per (query, batch id):
 * <ol>
 *   <li>claim the batch in {@code stream_progress} (the row exists = the batch is a replay);</li>
 *   <li>COPY the answers into a temp table and upsert them: one owner per checkout id, then the min rule
 *       ({@link SinkSql#UPSERT_CHECKOUTS});</li>
 *   <li>COPY + insert the new checkouts' items, and the dead letters;</li>
 *   <li>add the batch's counters to the current minute of {@code stream_metrics} — on a replay only
 *       what exceeds what earlier runs counted (see below) — and record them in {@code stream_progress};</li>
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
 * records), and skipping it would lose them; or FEWER (seen in {@code StreamingKillFaultIT}: the
 * first batch of a restarted JVM often reads nothing, its tasks using up the connector's 1 s fetch
 * budget before the first GetRecords), and then the next batch reads the rest again.
 *
 * <p><b>Counters across re-runs.</b> A batch's re-runs start at the same positions and read a
 * prefix of the stream from there, so counting stays exact if the ledger keeps, per batch id, the
 * counters of the latest run, and a run of batch {@code k} compares what it read with what is
 * <i>owed</i> = recorded for {@code k} + recorded for {@code k+1} (only ever a carry, see next):
 * it adds to {@code stream_metrics} only what exceeds the owed counts; if it read less, it records
 * what it read for {@code k} and carries the rest to {@code k+1} (inserting that row ahead of the
 * batch), which will re-read those records and count only beyond them. So the counters always equal
 * the furthest the stream has been read, whatever re-runs read; an exact replay adds nothing. A run
 * with nothing to write still settles a batch id that has a row ({@link #write} with an empty batch;
 * {@link PostgresSink} sends one for the first batch of a run and for a batch owed a carry).
 *
 * <p><b>Failures.</b> Any failure rolls back and is thrown: nothing is swallowed. Errors a new connection can cure
 * (the server restarting or refusing connections, a broken connection, serialization failures,
 * deadlocks: {@link DbRetryPolicy#isRetryable}) are retried on a fresh connection with capped
 * exponential backoff and jitter for {@code --db_retry_for} (default 5 minutes), since the whole
 * batch is one transaction; the micro-batch simply waits, and the query carries on when the
 * database is back. Anything else, or a failure after the budget, fails the micro-batch and Spark
 * re-runs it from the checkpoint when the query restarts. A commit whose answer was lost (the
 * connection broke during COMMIT) is safe to retry too: if it did commit, the retry is a replay.
 */
public final class PostgresBatchWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresBatchWriter.class);

    /**
     * What a batch did.
     *
     * @param replay       true when the batch id had a row before (an earlier run, or a carry): only
     *                     new work was counted
     * @param rowsWritten  attributed_checkouts rows inserted or changed (by a replay: only what the
     *                     original run had not written)
     * @param attributed   of those, rows written attributed
     * @param unattributed of those, rows written unattributed
     * @param newRevenue   revenue of the checkouts inserted (first written) by this batch, plus the change
     *                     where a checkout id's owner replaced another user's copy (see {@link SinkSql#UPSERT_CHECKOUTS})
     * @param eventsCounted records added to {@code stream_metrics.events_in} by this run
     * @param eventsCarried records an earlier run of this batch counted beyond what this run read,
     *                      carried to the next batch id (0 unless a re-run read less)
     * @param carriedToNext true when any counter was carried: the next batch id must be settled even
     *                      if it reads nothing
     */
    public record Outcome(boolean replay, long rowsWritten, long attributed, long unattributed, BigDecimal newRevenue,
                          long eventsCounted, long eventsCarried, boolean carriedToNext) {

        static final Outcome NOTHING = new Outcome(false, 0, 0, 0, BigDecimal.ZERO, 0, 0, false);

        Outcome asRun(boolean isReplay, BatchCounters added, BatchCounters carried) {
            return new Outcome(isReplay, rowsWritten, attributed, unattributed, newRevenue, added.eventsIn(),
                    carried.eventsIn(), !carried.isZero());
        }
    }

    private final DatabaseSettings database;
    private final DbRetrier retrier;
    private Connection connection;

    /** Retries for the settings' {@link DatabaseSettings#retryFor() retry budget}. */
    public PostgresBatchWriter(DatabaseSettings database) {
        this(database, new DbRetrier(DbRetryPolicy.retryingFor(database.retryFor())));
    }

    public PostgresBatchWriter(DatabaseSettings database, DbRetrier retrier) {
        this.database = Objects.requireNonNull(database, "database");
        this.retrier = Objects.requireNonNull(retrier, "retrier");
    }

    public Outcome write(String queryName, long batchId, SinkBatch batch) throws SQLException {
        return retrier.call("batch " + batchId + " of " + queryName, () -> writeOnce(queryName, batchId, batch),
                this::closeConnection);
    }

    private Outcome writeOnce(String queryName, long batchId, SinkBatch batch) throws SQLException {
        Connection c = connection();
        try {
            boolean firstRun;
            BatchCounters owed;
            if (batch.isEmpty()) {
                // a run that read nothing only settles the counters of a batch id an earlier run wrote
                Optional<BatchCounters> recorded = counted(c, queryName, batchId);
                if (recorded.isEmpty()) {
                    c.rollback();
                    return Outcome.NOTHING;
                }
                firstRun = false;
                owed = recorded.get().plus(counted(c, queryName, batchId + 1).orElse(BatchCounters.ZERO));
            } else {
                firstRun = claim(c, queryName, batchId);
                owed = firstRun ? BatchCounters.ZERO : counted(c, queryName, batchId).orElseThrow()
                        .plus(counted(c, queryName, batchId + 1).orElse(BatchCounters.ZERO));
            }
            Outcome outcome = upsertCheckouts(c, batch);
            copyAndInsert(c, SinkSql.STAGE_ITEMS, SinkSql.COPY_ITEMS, SinkSql.INSERT_ITEMS, itemsCsv(batch));
            copyAndInsert(c, SinkSql.STAGE_DEAD_LETTERS, SinkSql.COPY_DEAD_LETTERS, SinkSql.INSERT_DEAD_LETTERS,
                    deadLettersCsv(batch));
            BatchCounters read = new BatchCounters(batch.eventsIn(), batch.rejected(), batch.lateDropped());
            BatchCounters added = read.beyond(owed);
            BatchCounters carried = owed.beyond(read);
            // the upsert's counts are already only what earlier runs had not written
            if (firstRun || outcome.rowsWritten() > 0 || !added.isZero()) {
                addMetrics(c, queryName, added, outcome);
            }
            recordCounted(c, queryName, batchId, outcome.rowsWritten(), read);
            if (!firstRun) {
                // also clears (to 0) a carry this batch id received from an earlier run that it has now absorbed
                carryToNext(c, queryName, batchId, carried);
            }
            c.commit();
            return outcome.asRun(!firstRun, added, carried);
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
            return Outcome.NOTHING;
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
            return new Outcome(false, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4), 0, 0, false);
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

    /** events_in, rejected, late_dropped recorded for a batch id (locked), empty when it has no row. */
    private static Optional<BatchCounters> counted(Connection c, String queryName, long batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SinkSql.COUNTED_SO_FAR)) {
            ps.setString(1, queryName);
            ps.setLong(2, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new BatchCounters(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    private static void recordCounted(Connection c, String queryName, long batchId, long rowsWritten,
            BatchCounters read) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SinkSql.RECORD_COUNTED)) {
            ps.setLong(1, rowsWritten);
            ps.setLong(2, read.eventsIn());
            ps.setLong(3, read.rejected());
            ps.setLong(4, read.lateDropped());
            ps.setString(5, queryName);
            ps.setLong(6, batchId);
            ps.executeUpdate();
        }
    }

    /** Sets what the next batch id owes to earlier runs of this one (a row ahead of that batch; 0 = nothing). */
    private static void carryToNext(Connection c, String queryName, long batchId, BatchCounters carried)
            throws SQLException {
        if (carried.isZero()) {
            try (PreparedStatement ps = c.prepareStatement(SinkSql.CLEAR_CARRY)) {
                ps.setString(1, queryName);
                ps.setLong(2, batchId + 1);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(SinkSql.CARRY_TO_NEXT)) {
            ps.setString(1, queryName);
            ps.setLong(2, batchId + 1);
            ps.setLong(3, carried.eventsIn());
            ps.setLong(4, carried.rejected());
            ps.setLong(5, carried.lateDropped());
            ps.executeUpdate();
        }
    }

    /** Adds events_in, rejected, late_dropped ({@code counts}) and the upsert's outcome to the current minute. */
    private static void addMetrics(Connection c, String queryName, BatchCounters counts, Outcome outcome)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SinkSql.ADD_METRICS)) {
            ps.setString(1, queryName);
            ps.setLong(2, counts.eventsIn());
            ps.setLong(3, counts.rejected());
            ps.setLong(4, counts.lateDropped());
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
            if (!database.socketTimeout().isZero()) {
                // a hung server (no answer, connection not closed) then fails the attempt with 08xxx, and is retried
                String seconds = Long.toString(Math.max(1, database.socketTimeout().toSeconds()));
                props.setProperty("socketTimeout", seconds);
                props.setProperty("loginTimeout", seconds);
                props.setProperty("connectTimeout", seconds);
            }
            connection = DriverManager.getConnection(database.jdbcUrl(), props);
            connection.setAutoCommit(false);
        }
        return connection;
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

    @Override
    public void close() {
        closeConnection();
    }
}
