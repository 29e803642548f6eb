package com.clickstream.attribution.bench.b2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Polls {@code ecommerce.stream_progress} every {@link #INTERVAL_MILLIS} ms on its own connection and
 * records each new batch row with the wall-clock time the poll that first saw it returned: an upper
 * bound of when the batch's rows became visible, late by at most one interval plus the query.
 */
final class CommitPoller implements AutoCloseable {

    static final long INTERVAL_MILLIS = 50;

    private static final String NEW_BATCHES = """
            SELECT batch_id, (extract(epoch FROM committed_at) * 1000000)::bigint, events_in, rejected, late_dropped,
                   rows_written
            FROM ecommerce.stream_progress
            WHERE query_name LIKE ? AND batch_id > ?
            ORDER BY batch_id""";

    private static final String ROWS = """
            SELECT checkout_id, (extract(epoch FROM updated_at) * 1000000)::bigint, version
            FROM ecommerce.attributed_checkouts""";

    private final DataSource dataSource;
    private final String queryName;
    private final BatchCommits commits = new BatchCommits();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    CommitPoller(DataSource dataSource, String queryName) {
        this.dataSource = dataSource;
        this.queryName = queryName;
        this.thread = new Thread(this::loop, "b2-commit-poller");
        thread.setDaemon(true);
        thread.start();
    }

    BatchCommits commits() {
        if (failure != null) {
            throw new IllegalStateException("polling stream_progress failed", failure);
        }
        return commits;
    }

    private void loop() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(NEW_BATCHES)) {
            ps.setString(1, queryName + "/%");
            while (running) {
                ps.setLong(2, commits.lastBatchId());
                try (ResultSet rs = ps.executeQuery()) {
                    long seen = WallClock.micros();
                    while (rs.next()) {
                        commits.add(new BatchCommits.Commit(rs.getLong(1), rs.getLong(2), seen, rs.getLong(3),
                                rs.getLong(4), rs.getLong(5), rs.getLong(6)));
                    }
                }
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every checkout row: when it was last written and its version. */
    Map<String, EventToRow.RowWrite> rows() throws SQLException {
        Map<String, EventToRow.RowWrite> rows = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(ROWS);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), new EventToRow.RowWrite(rs.getLong(2), rs.getInt(3)));
            }
        }
        return rows;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
