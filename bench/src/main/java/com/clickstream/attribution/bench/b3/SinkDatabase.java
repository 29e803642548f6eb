package com.clickstream.attribution.bench.b3;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one embedded PostgreSQL of B3, migrated, with {@code fsync} and {@code synchronous_commit} ON
 * (zonky starts it with both off; a write figure without them would flatter), plus the two unlogged
 * copies of attributed_checkouts the COPY ceiling writes into.
 */
final class SinkDatabase implements AutoCloseable {

    /** The table every path writes (the sinks' real target). */
    static final String CHECKOUTS = "ecommerce.attributed_checkouts";
    /** Unlogged, same shape: columns, defaults, generated column, CHECKs, primary key and the four indexes. */
    static final String UNLOGGED = "b3.checkouts_unlogged";
    /** Unlogged heap with the same columns, defaults, generated column and CHECKs, but no index at all. */
    static final String UNLOGGED_BARE = "b3.checkouts_unlogged_bare";

    /** The columns a writer supplies (the database fills time_to_purchase_seconds, updated_at, version). */
    static final String WRITTEN_COLUMNS = "checkout_id, user_id, checkout_ts, revenue, currency, attributed, "
            + "attributed_click_id, click_ts, traffic_source, campaign_id, device_type, first_product_id, "
            + "first_product_category, written_by";

    /** What two paths must agree on: every answer column, and what the database derived from them. */
    private static final String ROW_TEXT = "ROW(checkout_id, user_id, checkout_ts, revenue, currency, attributed, "
            + "attributed_click_id, click_ts, traffic_source, campaign_id, device_type, first_product_id, "
            + "first_product_category, time_to_purchase_seconds)::text";

    /**
     * What a table holds, order-independent: row count, attributed rows, revenue, rows not at version
     * 1, and the sum of a 64-bit hash of every row's answer columns (as text).
     */
    record Fingerprint(long rows, long attributed, BigDecimal revenue, long notVersionOne, BigDecimal hashSum) {
        /** Equal answers; version is only compared with 1 by the caller. */
        boolean sameRows(Fingerprint other) {
            return rows == other.rows && attributed == other.attributed && revenue.compareTo(other.revenue) == 0
                    && hashSum.compareTo(other.hashSum) == 0;
        }
    }

    /** Line items: count, sum of line_amount, hash sum of (checkout_id, line_no, product, name, price, quantity). */
    record ItemsFingerprint(long rows, BigDecimal amount, BigDecimal hashSum) {
    }

    private final PostgresExtension postgres;
    private final boolean statementStats;

    private SinkDatabase(PostgresExtension postgres, boolean statementStats) {
        this.postgres = postgres;
        this.statementStats = statementStats;
    }

    /**
     * Starts the server; {@code statementStats} loads pg_stat_statements so that {@link #topStatements}
     * can show where a path's time goes (a diagnosis aid: it costs a little on every statement).
     */
    static SinkDatabase start(boolean statementStats) throws IOException, SQLException {
        PostgresExtension postgres = PostgresExtension.migratedWith(DatabaseMigrator::migrate)
                .withServerConfig("fsync", "on")
                .withServerConfig("synchronous_commit", "on");
        if (statementStats) {
            postgres.withServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        postgres.start();
        SinkDatabase db = new SinkDatabase(postgres, statementStats);
        if (statementStats) {
            db.execute("CREATE EXTENSION pg_stat_statements");
        }
        db.execute("CREATE SCHEMA b3",
                "CREATE UNLOGGED TABLE " + UNLOGGED + " (LIKE " + CHECKOUTS + " INCLUDING ALL)",
                "CREATE UNLOGGED TABLE " + UNLOGGED_BARE + " (LIKE " + CHECKOUTS
                        + " INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS)");
        return db;
    }

    String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    String user() {
        return postgres.user();
    }

    Connection connect() throws SQLException {
        return postgres.dataSource().getConnection();
    }

    /** The settings a write figure depends on, as the server reports them. */
    Map<String, String> settings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String name : new String[] {"server_version", "fsync", "synchronous_commit", "full_page_writes",
                    "wal_level", "wal_sync_method", "shared_buffers", "max_wal_size"}) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }

    /** Empties every table a path writes, then checkpoints, so each run starts from the same empty state. */
    void reset() throws SQLException {
        execute("TRUNCATE ecommerce.checkout_items, ecommerce.attributed_checkouts, ecommerce.attribution_corrections, "
                        + "ecommerce.reconciliation_runs, ecommerce.stream_progress, ecommerce.stream_metrics, "
                        + UNLOGGED + ", " + UNLOGGED_BARE + " RESTART IDENTITY",
                "CHECKPOINT");
        if (statementStats) {
            execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** The statements that took the most server time since the last {@link #reset()} (empty without stats). */
    java.util.List<String> topStatements(int limit) throws SQLException {
        java.util.List<String> top = new java.util.ArrayList<>();
        if (!statementStats) {
            return top;
        }
        try (Connection c = connect(); java.sql.PreparedStatement s = c.prepareStatement("SELECT calls, rows, "
                + "total_exec_time, mean_exec_time, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements "
                + "WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String query = rs.getString(5);
                    top.add(String.format(java.util.Locale.ROOT, "%,9.0f ms %,8d calls %,9d rows %8.3f ms/call  %s",
                            rs.getDouble(3), rs.getLong(1), rs.getLong(2), rs.getDouble(4),
                            query.length() > 150 ? query.substring(0, 150) + "…" : query));
                }
            }
        }
        return top;
    }

    Fingerprint fingerprint(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE attributed), "
                        + "coalesce(sum(revenue), 0), count(*) FILTER (WHERE version <> 1), "
                        + "coalesce(sum(hashtextextended(" + ROW_TEXT + ", 0)), 0) FROM " + table)) {
            rs.next();
            return new Fingerprint(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getLong(4), rs.getBigDecimal(5));
        }
    }

    ItemsFingerprint items() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(line_amount), 0), coalesce(sum("
                        + "hashtextextended(ROW(checkout_id, line_no, product_id, product_name, unit_price, quantity)"
                        + "::text, 0)), 0) FROM ecommerce.checkout_items")) {
            rs.next();
            return new ItemsFingerprint(rs.getLong(1), rs.getBigDecimal(2), rs.getBigDecimal(3));
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
