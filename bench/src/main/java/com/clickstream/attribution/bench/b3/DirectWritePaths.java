package com.clickstream.attribution.bench.b3;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The writes B3 compares the sinks with, straight through pgjdbc: binary COPY (the ceiling), and the
 * two alternatives measured before (COPY into a temp table plus one INSERT ... ON CONFLICT, and a JDBC
 * batch upsert with {@code reWriteBatchedInserts}). Each writes every row of the set as new rows, in
 * its own connection, and returns the rows the database reports written.
 */
final class DirectWritePaths {

    /** Rows per executeBatch + commit of the JDBC batch upsert (a micro-batch's worth). */
    static final int JDBC_BATCH_ROWS = 10_000;
    private static final int FIELDS = 14;
    private static final String WRITTEN_BY = "stream";

    /** Rows the database reports written, and the seconds from the first statement to the commit. */
    record Timed(long rows, double seconds) {
    }

    private final String jdbcUrl;
    private final String user;

    DirectWritePaths(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
    }

    /** {@code COPY table (written columns) FROM STDIN (FORMAT binary)}, encoding while streaming; one transaction. */
    Timed copyBinary(String table, CheckoutRowSet rows) throws SQLException, IOException {
        try (Connection c = connect(false)) {
            long start = System.nanoTime();
            long copied = copyBinary(c, table, rows);
            c.commit();
            return new Timed(copied, seconds(start));
        }
    }

    /** COPY (binary) into a temp table, then one INSERT ... SELECT ... ON CONFLICT DO NOTHING; one transaction. */
    Timed copyToTempThenInsert(CheckoutRowSet rows) throws SQLException, IOException {
        try (Connection c = connect(false)) {
            long start = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE b3_stage (checkout_id text, user_id text, checkout_ts timestamptz, "
                        + "revenue numeric(12,2), currency text, attributed boolean, attributed_click_id text COLLATE \"C\", "
                        + "click_ts timestamptz, traffic_source text, campaign_id text, device_type text, "
                        + "first_product_id text, first_product_category text, written_by text) ON COMMIT DROP");
            }
            copyBinary(c, "b3_stage", rows);
            long inserted;
            try (Statement s = c.createStatement()) {
                inserted = s.executeUpdate("INSERT INTO " + SinkDatabase.CHECKOUTS + " (" + SinkDatabase.WRITTEN_COLUMNS
                        + ") SELECT " + SinkDatabase.WRITTEN_COLUMNS + " FROM b3_stage ON CONFLICT (checkout_id) DO NOTHING");
            }
            c.commit();
            return new Timed(inserted, seconds(start));
        }
    }

    /** INSERT ... ON CONFLICT DO NOTHING per row, batched and rewritten into multi-row INSERTs by pgjdbc. */
    Timed jdbcBatchUpsert(CheckoutRowSet rows) throws SQLException {
        String sql = "INSERT INTO " + SinkDatabase.CHECKOUTS + " (" + SinkDatabase.WRITTEN_COLUMNS + ") VALUES ("
                + "?, ".repeat(FIELDS - 1) + "?) ON CONFLICT (checkout_id) DO NOTHING";
        long written = 0;
        long start;
        try (Connection c = connect(true); PreparedStatement ps = c.prepareStatement(sql)) {
            start = System.nanoTime();
            for (int i = 0; i < rows.size(); i++) {
                int k = 1;
                ps.setString(k++, rows.checkoutId(i));
                ps.setString(k++, rows.userId(i));
                ps.setObject(k++, OffsetDateTime.ofInstant(rows.checkoutTs(i), ZoneOffset.UTC));
                ps.setBigDecimal(k++, rows.revenue(i));
                ps.setString(k++, rows.currency(i));
                ps.setBoolean(k++, rows.attributed(i));
                ps.setString(k++, rows.clickId(i));
                if (rows.attributed(i)) {
                    ps.setObject(k++, OffsetDateTime.ofInstant(rows.clickTs(i), ZoneOffset.UTC));
                } else {
                    ps.setNull(k++, Types.TIMESTAMP_WITH_TIMEZONE);
                }
                ps.setString(k++, rows.trafficSource(i));
                ps.setString(k++, rows.campaignId(i));
                ps.setString(k++, rows.deviceType(i));
                ps.setString(k++, rows.firstProductId(i));
                ps.setString(k++, rows.firstProductCategory(i));
                ps.setString(k, WRITTEN_BY);
                ps.addBatch();
                if ((i + 1) % JDBC_BATCH_ROWS == 0 || i == rows.size() - 1) {
                    for (int count : ps.executeBatch()) {
                        // rewritten batches report SUCCESS_NO_INFO (-2) per row
                        written += count == Statement.SUCCESS_NO_INFO ? 1 : count;
                    }
                    c.commit();
                }
            }
            return new Timed(written, seconds(start));
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long copyBinary(Connection c, String table, CheckoutRowSet rows) throws SQLException, IOException {
        PGCopyOutputStream copy = new PGCopyOutputStream(c.unwrap(PGConnection.class),
                "COPY " + table + " (" + SinkDatabase.WRITTEN_COLUMNS + ") FROM STDIN (FORMAT binary)", 1 << 16);
        try {
            PgBinaryCopyWriter out = new PgBinaryCopyWriter(copy);
            for (int i = 0; i < rows.size(); i++) {
                writeRow(out, rows, i);
            }
            out.finish();
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** One row in {@link SinkDatabase#WRITTEN_COLUMNS} order. */
    static void writeRow(PgBinaryCopyWriter out, CheckoutRowSet rows, int i) throws IOException {
        out.row(FIELDS)
                .text(rows.checkoutId(i))
                .text(rows.userId(i))
                .timestamptz(rows.checkoutTs(i))
                .numeric(rows.revenue(i))
                .text(rows.currency(i))
                .bool(rows.attributed(i))
                .text(rows.clickId(i))
                .timestamptz(rows.clickTs(i))
                .text(rows.trafficSource(i))
                .text(rows.campaignId(i))
                .text(rows.deviceType(i))
                .text(rows.firstProductId(i))
                .text(rows.firstProductCategory(i))
                .text(WRITTEN_BY);
    }

    private Connection connect(boolean rewriteBatchedInserts) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("reWriteBatchedInserts", Boolean.toString(rewriteBatchedInserts));
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        c.setAutoCommit(false);
        return c;
    }
}
