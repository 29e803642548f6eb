package com.clickstream.attribution.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.spark.sql.streaming.StreamingQuery;

/** Reads what the sink wrote, for assertions. */
public final class StoredRows {

    /** One attributed_checkouts row. */
    public record Checkout(String checkoutId, String userId, Instant checkoutTs, BigDecimal revenue, boolean attributed,
                           String clickId, Instant clickTs, String trafficSource, String writtenBy, int version) {
    }

    /** One dead_letters row. */
    public record DeadLetter(String eventType, String reasonCode, String payload, String streamName,
                             String sequenceNumber) {
    }

    /** stream_metrics summed over minutes and queries. */
    public record Metrics(long eventsIn, long rejected, long lateDropped, long attributed, long unattributed,
                          BigDecimal revenue) {
    }

    private final DataSource dataSource;

    public StoredRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Map<String, Checkout> checkouts() {
        Map<String, Checkout> rows = new LinkedHashMap<>();
        query("SELECT checkout_id, user_id, checkout_ts, revenue, attributed, attributed_click_id, click_ts, "
                + "traffic_source, written_by, version FROM ecommerce.attributed_checkouts ORDER BY checkout_id", rs -> {
            Instant clickTs = rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant();
            rows.put(rs.getString(1), new Checkout(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                    rs.getBigDecimal(4), rs.getBoolean(5), rs.getString(6), clickTs, rs.getString(8),
                    rs.getString(9), rs.getInt(10)));
        });
        return rows;
    }

    public Checkout checkout(String id) {
        return checkouts().get(id);
    }

    public List<DeadLetter> deadLetters() {
        List<DeadLetter> rows = new ArrayList<>();
        query("SELECT event_type, reason_code, payload, stream_name, sequence_number FROM ecommerce.dead_letters ORDER BY id",
                rs -> rows.add(new DeadLetter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5))));
        return rows;
    }

    public Metrics metrics() {
        List<Metrics> m = new ArrayList<>();
        query("SELECT coalesce(sum(events_in),0), coalesce(sum(rejected),0), coalesce(sum(late_dropped),0), "
                + "coalesce(sum(attributed),0), coalesce(sum(unattributed),0), coalesce(sum(revenue),0) "
                + "FROM ecommerce.stream_metrics", rs -> m.add(new Metrics(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                rs.getLong(4), rs.getLong(5), rs.getBigDecimal(6))));
        return m.get(0);
    }

    public long count(String table) {
        List<Long> n = new ArrayList<>();
        query("SELECT count(*) FROM ecommerce." + table, rs -> n.add(rs.getLong(1)));
        return n.get(0);
    }

    public BigDecimal scalar(String sql) {
        List<BigDecimal> n = new ArrayList<>();
        query(sql, rs -> n.add(rs.getBigDecimal(1)));
        return n.get(0);
    }

    public List<String> progressKeys() {
        List<String> keys = new ArrayList<>();
        query("SELECT DISTINCT query_name FROM ecommerce.stream_progress ORDER BY 1", rs -> keys.add(rs.getString(1)));
        return keys;
    }

    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    void query(String sql, RowReader reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * Waits until the job has counted {@code expected} records (it counts each exactly once, so more is
     * an error); fails at once if the query died, and after {@code wait}.
     */
    public void awaitEventsIn(long expected, StreamingQuery query, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (query.exception().isDefined()) {
                throw new IllegalStateException("the streaming query failed", query.exception().get());
            }
            long in = metrics().eventsIn();
            if (in == expected) {
                return;
            }
            assertThat(in).as("records counted").isLessThanOrEqualTo(expected);
            Thread.sleep(100);
        }
        throw new AssertionError("job counted " + metrics().eventsIn() + " of " + expected + " records in " + wait);
    }
}
