package com.clickstream.attribution.faults;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the streaming job has written, read with a new connection each time (so a database restart
 * in between costs nothing): progress while the job runs, the tables at the end.
 */
final class StreamingTables {

    /**
     * @param batches  data batches committed ({@code stream_progress} rows)
     * @param maxBatch largest committed batch id (-1 before the first)
     * @param eventsIn records counted so far ({@code stream_metrics.events_in} summed)
     */
    record Progress(long batches, long maxBatch, long eventsIn) {
    }

    /** The stored answer of one checkout. */
    record Checkout(String checkoutId, boolean attributed, String clickId, String trafficSource, BigDecimal revenue) {
    }

    /** stream_metrics summed over minutes. */
    record Metrics(long eventsIn, long rejected, long lateDropped, long attributed, long unattributed,
                   BigDecimal revenue) {
    }

    /** stream_progress summed over batches: what each batch recorded it had counted. */
    record Counted(long batches, long keys, long eventsIn, long rejected, long lateDropped) {
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;

    StreamingTables(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Progress, or empty while the database does not answer. */
    Optional<Progress> progress() {
        try {
            return Optional.of(one("SELECT (SELECT count(*) FROM ecommerce.stream_progress), "
                    + "(SELECT coalesce(max(batch_id), -1) FROM ecommerce.stream_progress), "
                    + "(SELECT coalesce(sum(events_in), 0) FROM ecommerce.stream_metrics)",
                    rs -> new Progress(rs.getLong(1), rs.getLong(2), rs.getLong(3))));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /**
     * Polls {@code stream_progress} on one connection as fast as the database answers and returns as
     * soon as it holds more than {@code batches} rows: the moment right after the sink committed a batch.
     */
    Progress awaitNextCommit(long batches, long timeoutNanos, Runnable aliveCheck) throws SQLException {
        long deadline = System.nanoTime() + timeoutNanos;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(max(batch_id), -1) "
                     + "FROM ecommerce.stream_progress")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > batches) {
                        return new Progress(rs.getLong(1), rs.getLong(2), -1);
                    }
                }
                aliveCheck.run(); // no sleep: the window after the sink's commit lasts milliseconds
            }
        }
        throw new AssertionError("no batch committed after " + batches + " within the timeout");
    }

    /** Time between the last two batch commits (the pace of the job right now), or {@code fallback}. */
    java.time.Duration lastBatchInterval(java.time.Duration fallback) throws SQLException {
        double seconds = one("SELECT coalesce(extract(epoch FROM max(committed_at) - min(committed_at)), -1) FROM "
                + "(SELECT committed_at FROM ecommerce.stream_progress ORDER BY batch_id DESC LIMIT 2) last_two",
                rs -> rs.getDouble(1));
        return seconds > 0 ? java.time.Duration.ofMillis((long) (seconds * 1000)) : fallback;
    }

    Map<String, Checkout> checkouts() throws SQLException {
        Map<String, Checkout> rows = new TreeMap<>();
        each("SELECT checkout_id, attributed, attributed_click_id, traffic_source, revenue "
                + "FROM ecommerce.attributed_checkouts", rs -> rows.put(rs.getString(1), new Checkout(rs.getString(1),
                rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5))));
        return rows;
    }

    /** Checkout id -> line item rows. */
    Map<String, Integer> itemLines() throws SQLException {
        Map<String, Integer> lines = new TreeMap<>();
        each("SELECT checkout_id, count(*) FROM ecommerce.checkout_items GROUP BY checkout_id",
                rs -> lines.put(rs.getString(1), rs.getInt(2)));
        return lines;
    }

    BigDecimal itemsAmount() throws SQLException {
        return one("SELECT coalesce(sum(line_amount), 0) FROM ecommerce.checkout_items", rs -> rs.getBigDecimal(1));
    }

    /** Reason code -> dead letters the stream wrote. */
    Map<String, Long> deadLettersByReason() throws SQLException {
        Map<String, Long> reasons = new TreeMap<>();
        each("SELECT reason_code, count(*) FROM ecommerce.dead_letters WHERE source = 'stream' GROUP BY reason_code",
                rs -> reasons.put(rs.getString(1), rs.getLong(2)));
        return reasons;
    }

    /** Dead letters that share (stream, partition key, sequence number) with another: must be 0. */
    long duplicateDeadLetters() throws SQLException {
        return one("SELECT count(*) - count(DISTINCT (stream_name, partition_key, sequence_number)) "
                + "FROM ecommerce.dead_letters", rs -> rs.getLong(1));
    }

    Metrics metrics() throws SQLException {
        return one("SELECT coalesce(sum(events_in), 0), coalesce(sum(rejected), 0), coalesce(sum(late_dropped), 0), "
                + "coalesce(sum(attributed), 0), coalesce(sum(unattributed), 0), coalesce(sum(revenue), 0) "
                + "FROM ecommerce.stream_metrics", rs -> new Metrics(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                rs.getLong(4), rs.getLong(5), rs.getBigDecimal(6)));
    }

    Counted counted() throws SQLException {
        return one("SELECT count(*), count(DISTINCT query_name), coalesce(sum(events_in), 0), "
                + "coalesce(sum(rejected), 0), coalesce(sum(late_dropped), 0) FROM ecommerce.stream_progress",
                rs -> new Counted(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private <T> T one(String sql, RowReader<T> reader) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return reader.read(rs);
        }
    }

    private void each(String sql, RowConsumer consumer) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                consumer.accept(rs);
            }
        }
    }
}
