package com.clickstream.attribution.reconciler.ledger;

import com.clickstream.attribution.core.event.LineItem;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.reconciler.diff.Correction;
import com.clickstream.attribution.reconciler.diff.CorrectionReason;
import com.clickstream.attribution.reconciler.diff.StoredAttribution;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Applies corrections to {@code ecommerce.attributed_checkouts} and records each applied one in the
 * ledger {@code ecommerce.attribution_corrections}. Must run inside the chunk's transaction, so that a
 * row change, its ledger row and the step's progress commit together or not at all.
 *
 * <ul>
 *   <li>A missing checkout is inserted ({@code written_by = 'reconciler'}, version 1) with
 *       {@code ON CONFLICT DO NOTHING}, together with its line items; if the stream inserted it in the
 *       meantime nothing is written (the next run compares again).</li>
 *   <li>A wrong row is replaced, {@code version + 1}, guarded by the version read before the diff
 *       (an optimistic lock): if the stream changed it meanwhile, nothing is written.</li>
 *   <li>Only a row that was actually written gets its ledger row; the ledger's
 *       {@code UNIQUE (run_id, checkout_id)} turns any attempt at a second one into an error.</li>
 * </ul>
 */
public final class CorrectionsRepository {

    // Missing checkouts, their items and all ledger rows are written set-based: one statement per chunk
    // with one array per column (unnest), instead of one statement per row. Times travel as epoch
    // milliseconds and amounts as text, so both convert exactly.
    private static final String MILLIS = "timestamptz 'epoch' + %s * interval '1 millisecond'";

    private static final String INSERT_CHECKOUTS = """
            INSERT INTO ecommerce.attributed_checkouts
                (checkout_id, user_id, checkout_ts, revenue, currency, attributed, attributed_click_id, click_ts,
                 traffic_source, campaign_id, device_type, first_product_id, first_product_category,
                 written_by, updated_at, version)
            SELECT checkout_id, user_id, %s, revenue::numeric, currency, attributed, attributed_click_id, %s,
                   traffic_source, campaign_id, device_type, first_product_id, first_product_category,
                   'reconciler', now(), 1
            FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::bigint[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS t(checkout_id, user_id, checkout_ms, revenue, currency, attributed, attributed_click_id, click_ms,
                     traffic_source, campaign_id, device_type, first_product_id, first_product_category)
            ON CONFLICT (checkout_id) DO NOTHING
            RETURNING checkout_id
            """.formatted(MILLIS.formatted("checkout_ms"), MILLIS.formatted("click_ms"));

    private static final String REPLACE_CHECKOUT = """
            UPDATE ecommerce.attributed_checkouts
            SET user_id = ?, checkout_ts = ?, revenue = ?, currency = ?, attributed = ?, attributed_click_id = ?,
                click_ts = ?, traffic_source = ?, campaign_id = ?, device_type = ?, first_product_id = ?,
                first_product_category = ?, written_by = 'reconciler', updated_at = now(), version = version + 1
            WHERE checkout_id = ? AND version = ?
            """;

    private static final String INSERT_ITEMS = """
            INSERT INTO ecommerce.checkout_items (checkout_id, line_no, product_id, product_name, unit_price, quantity)
            SELECT checkout_id, line_no, product_id, product_name, unit_price::numeric, quantity
            FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::int[])
                AS t(checkout_id, line_no, product_id, product_name, unit_price, quantity)
            ON CONFLICT (checkout_id, line_no) DO NOTHING
            """;

    private static final String INSERT_LEDGER = """
            INSERT INTO ecommerce.attribution_corrections
                (run_id, checkout_id, old_attributed, old_click_id, old_traffic_source, old_revenue,
                 new_attributed, new_click_id, new_traffic_source, new_revenue, reason)
            SELECT ?, checkout_id, old_attributed, old_click_id, old_traffic_source, old_revenue::numeric,
                   new_attributed, new_click_id, new_traffic_source, new_revenue::numeric, reason
            FROM unnest(?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[],
                        ?::text[], ?::text[])
                AS t(checkout_id, old_attributed, old_click_id, old_traffic_source, old_revenue, new_attributed,
                     new_click_id, new_traffic_source, new_revenue, reason)
            """;

    /**
     * What one call applied.
     *
     * @param applied  corrections written, by reason
     * @param conflicts corrections not written because the row changed (or appeared) since it was read
     */
    public record Applied(Map<CorrectionReason, Long> applied, long conflicts) {
        public long total() {
            return applied.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final JdbcTemplate jdbc;

    public CorrectionsRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    public Applied apply(long runId, List<Correction> corrections) {
        List<Correction> inserts = corrections.stream().filter(Correction::inserts).toList();
        List<Correction> replaces = corrections.stream().filter(c -> !c.inserts()).toList();
        List<Correction> written = new ArrayList<>();

        Set<String> insertedIds = insertCheckouts(inserts);
        List<Correction> insertedOnes = inserts.stream().filter(c -> insertedIds.contains(c.checkoutId())).toList();
        written.addAll(insertedOnes);
        writeItems(insertedOnes);

        int[] replaced = flat(jdbc.batchUpdate(REPLACE_CHECKOUT, replaces, Math.max(1, replaces.size()),
                (ps, c) -> bindReplace(ps, c.after(), c.before().orElseThrow())));
        for (int i = 0; i < replaces.size(); i++) {
            if (replaced.length > i && replaced[i] == 1) {
                written.add(replaces.get(i));
            }
        }

        writeLedger(runId, written);
        Map<CorrectionReason, Long> byReason = new EnumMap<>(CorrectionReason.class);
        for (Correction c : written) {
            byReason.merge(c.reason(), 1L, Long::sum);
        }
        return new Applied(byReason, corrections.size() - written.size());
    }

    /** Row counts of a batch in statement order (pgjdbc reports exact counts without batch rewriting). */
    private static int[] flat(int[][] counts) {
        return java.util.Arrays.stream(counts).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    /** Inserts the missing checkouts; returns the ids actually inserted (not those the stream wrote meanwhile). */
    private Set<String> insertCheckouts(List<Correction> inserts) {
        if (inserts.isEmpty()) {
            return Set.of();
        }
        Columns columns = new Columns(13, inserts.size());
        for (Correction c : inserts) {
            Attribution a = c.after();
            AttributedClick click = a.click().orElse(null);
            columns.add(a.checkoutId(), a.userId(), a.checkoutTs().toEpochMilli(), a.revenue().toPlainString(),
                    a.currency(), a.attributed(), click == null ? null : click.clickId(),
                    click == null ? null : click.clickTs().toEpochMilli(), a.trafficSource(),
                    click == null ? null : click.campaignId(), click == null ? null : click.deviceType(),
                    click == null ? null : click.productId(), click == null ? null : click.productCategory());
        }
        Set<String> inserted = new HashSet<>();
        jdbc.execute((Connection connection) -> {
            try (PreparedStatement ps = connection.prepareStatement(INSERT_CHECKOUTS)) {
                columns.bind(connection, ps, 1, "text", "text", "int8", "text", "text", "bool", "text", "int8",
                        "text", "text", "text", "text", "text");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
            }
            return null;
        });
        return inserted;
    }

    private void writeItems(List<Correction> insertedOnes) {
        Columns columns = new Columns(6, insertedOnes.size() * 2);
        for (Correction c : insertedOnes) {
            List<LineItem> items = c.checkout().getItems();
            for (int i = 0; i < items.size(); i++) {
                LineItem item = items.get(i);
                columns.add(c.checkoutId(), i + 1, item.getProductId(), item.getProductName(),
                        item.getUnitPrice().toPlainString(), item.getQuantity());
            }
        }
        executeUpdate(INSERT_ITEMS, columns, 1, "text", "int4", "text", "text", "text", "int4");
    }

    private void writeLedger(long runId, List<Correction> written) {
        if (written.isEmpty()) {
            return; // the nightly steady state: most chunks change nothing, so no round trip
        }
        Columns columns = new Columns(10, written.size());
        for (Correction c : written) {
            Attribution old = c.before().map(StoredAttribution::answer).orElse(null);
            Attribution after = c.after();
            columns.add(c.checkoutId(), old == null ? null : old.attributed(),
                    old == null ? null : old.click().map(AttributedClick::clickId).orElse(null),
                    old == null ? null : old.trafficSource(), old == null ? null : old.revenue().toPlainString(),
                    after.attributed(), after.click().map(AttributedClick::clickId).orElse(null),
                    after.trafficSource(), after.revenue().toPlainString(), c.reason().dbName());
        }
        jdbc.execute((Connection connection) -> {
            try (PreparedStatement ps = connection.prepareStatement(INSERT_LEDGER)) {
                ps.setLong(1, runId);
                columns.bind(connection, ps, 2, "text", "bool", "text", "text", "text", "bool", "text", "text",
                        "text", "text");
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void executeUpdate(String sql, Columns columns, int firstIndex, String... types) {
        if (columns.rows() == 0) {
            return;
        }
        jdbc.execute((Connection connection) -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                columns.bind(connection, ps, firstIndex, types);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Column-wise values of a set-based statement: one SQL array per column. */
    private static final class Columns {
        private final List<List<Object>> values = new ArrayList<>();
        private int rows;

        Columns(int columns, int expectedRows) {
            for (int i = 0; i < columns; i++) {
                values.add(new ArrayList<>(expectedRows));
            }
        }

        void add(Object... row) {
            for (int i = 0; i < row.length; i++) {
                values.get(i).add(row[i]);
            }
            rows++;
        }

        int rows() {
            return rows;
        }

        void bind(Connection connection, PreparedStatement ps, int firstIndex, String... types) throws SQLException {
            for (int i = 0; i < types.length; i++) {
                ps.setArray(firstIndex + i, connection.createArrayOf(types[i], values.get(i).toArray()));
            }
        }
    }

    private static void bindReplace(PreparedStatement ps, Attribution a, StoredAttribution before) throws SQLException {
        bindAnswer(ps, 1, a);
        ps.setString(13, a.checkoutId());
        ps.setInt(14, before.version());
    }

    /** Binds user .. first_product_category (12 columns) from {@code index}. */
    private static void bindAnswer(PreparedStatement ps, int index, Attribution a) throws SQLException {
        AttributedClick click = a.click().orElse(null);
        int i = index;
        ps.setString(i++, a.userId());
        setTimestamp(ps, i++, a.checkoutTs());
        ps.setBigDecimal(i++, a.revenue());
        ps.setString(i++, a.currency());
        ps.setBoolean(i++, a.attributed());
        ps.setString(i++, click == null ? null : click.clickId());
        setTimestamp(ps, i++, click == null ? null : click.clickTs());
        ps.setString(i++, a.trafficSource());
        ps.setString(i++, click == null ? null : click.campaignId());
        ps.setString(i++, click == null ? null : click.deviceType());
        ps.setString(i++, click == null ? null : click.productId());
        ps.setString(i, click == null ? null : click.productCategory());
    }

    /** A timestamptz parameter, independent of the JVM's and the session's time zone. */
    static void setTimestamp(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }
}
