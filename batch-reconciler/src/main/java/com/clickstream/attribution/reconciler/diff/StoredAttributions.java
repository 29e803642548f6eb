package com.clickstream.attribution.reconciler.diff;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads the stored rows of {@code ecommerce.attributed_checkouts} that a chunk's answers are compared with. */
public final class StoredAttributions {

    private static final String SELECT = """
            SELECT checkout_id, user_id, checkout_ts, revenue, currency, attributed, attributed_click_id, click_ts,
                   traffic_source, campaign_id, device_type, first_product_id, first_product_category,
                   written_by, version
            FROM ecommerce.attributed_checkouts
            WHERE checkout_id = ANY (?)
            """;

    private final JdbcTemplate jdbc;

    public StoredAttributions(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** The stored rows of these checkouts, by checkout id (missing ones absent). */
    public Map<String, StoredAttribution> load(Collection<String> checkoutIds) {
        Map<String, StoredAttribution> rows = new HashMap<>();
        if (checkoutIds.isEmpty()) {
            return rows;
        }
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(SELECT);
            statement.setArray(1, textArray(connection, checkoutIds));
            return statement;
        }, (ResultSet rs) -> {
            StoredAttribution row = StoredAttribution.of(
                    rs.getString("checkout_id"), rs.getString("user_id"), instant(rs, "checkout_ts"),
                    rs.getBigDecimal("revenue"), rs.getString("currency"), rs.getBoolean("attributed"),
                    rs.getString("attributed_click_id"), instant(rs, "click_ts"), rs.getString("traffic_source"),
                    rs.getString("campaign_id"), rs.getString("device_type"), rs.getString("first_product_id"),
                    rs.getString("first_product_category"), rs.getString("written_by"), rs.getInt("version"));
            rows.put(row.checkoutId(), row);
        });
        return rows;
    }

    static Array textArray(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
