package com.clickstream.attribution.reconciler.ledger;

import com.clickstream.attribution.core.event.LineItem;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.reconciler.diff.Correction;
import com.clickstream.attribution.reconciler.diff.CorrectionReason;
import com.clickstream.attribution.reconciler.diff.StoredAttribution;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    private static final String INSERT_CHECKOUT = """
            INSERT INTO ecommerce.attributed_checkouts
                (checkout_id, user_id, checkout_ts, revenue, currency, attributed, attributed_click_id, click_ts,
                 traffic_source, campaign_id, device_type, first_product_id, first_product_category,
                 written_by, updated_at, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reconciler', now(), 1)
            ON CONFLICT (checkout_id) DO NOTHING
            """;

    private static final String REPLACE_CHECKOUT = """
            UPDATE ecommerce.attributed_checkouts
            SET user_id = ?, checkout_ts = ?, revenue = ?, currency = ?, attributed = ?, attributed_click_id = ?,
                click_ts = ?, traffic_source = ?, campaign_id = ?, device_type = ?, first_product_id = ?,
                first_product_category = ?, written_by = 'reconciler', updated_at = now(), version = version + 1
            WHERE checkout_id = ? AND version = ?
            """;

    private static final String INSERT_ITEM = """
            INSERT INTO ecommerce.checkout_items (checkout_id, line_no, product_id, product_name, unit_price, quantity)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (checkout_id, line_no) DO NOTHING
            """;

    private static final String INSERT_LEDGER = """
            INSERT INTO ecommerce.attribution_corrections
                (run_id, checkout_id, old_attributed, old_click_id, old_traffic_source, old_revenue,
                 new_attributed, new_click_id, new_traffic_source, new_revenue, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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

        int[] inserted = flat(jdbc.batchUpdate(INSERT_CHECKOUT, inserts, Math.max(1, inserts.size()),
                (ps, c) -> bindInsert(ps, c.after())));
        List<Correction> insertedOnes = new ArrayList<>();
        for (int i = 0; i < inserts.size(); i++) {
            if (inserted.length > i && inserted[i] == 1) {
                insertedOnes.add(inserts.get(i));
            }
        }
        written.addAll(insertedOnes);
        writeItems(insertedOnes);

        int[] replaced = flat(jdbc.batchUpdate(REPLACE_CHECKOUT, replaces, Math.max(1, replaces.size()),
                (ps, c) -> bindReplace(ps, c.after(), c.before().orElseThrow())));
        for (int i = 0; i < replaces.size(); i++) {
            if (replaced.length > i && replaced[i] == 1) {
                written.add(replaces.get(i));
            }
        }

        jdbc.batchUpdate(INSERT_LEDGER, written, Math.max(1, written.size()), (ps, c) -> bindLedger(ps, runId, c));
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

    private void writeItems(List<Correction> insertedOnes) {
        List<Object[]> rows = new ArrayList<>();
        for (Correction c : insertedOnes) {
            List<LineItem> items = c.checkout().getItems();
            for (int i = 0; i < items.size(); i++) {
                LineItem item = items.get(i);
                rows.add(new Object[] {c.checkoutId(), i + 1, item.getProductId(), item.getProductName(),
                        item.getUnitPrice(), item.getQuantity()});
            }
        }
        jdbc.batchUpdate(INSERT_ITEM, rows);
    }

    private static void bindInsert(PreparedStatement ps, Attribution a) throws SQLException {
        ps.setString(1, a.checkoutId());
        bindAnswer(ps, 2, a);
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

    private static void bindLedger(PreparedStatement ps, long runId, Correction c) throws SQLException {
        ps.setLong(1, runId);
        ps.setString(2, c.checkoutId());
        if (c.before().isPresent()) {
            Attribution old = c.before().get().answer();
            ps.setBoolean(3, old.attributed());
            ps.setString(4, old.click().map(AttributedClick::clickId).orElse(null));
            ps.setString(5, old.trafficSource());
            ps.setBigDecimal(6, old.revenue());
        } else {
            ps.setNull(3, Types.BOOLEAN);
            ps.setNull(4, Types.VARCHAR);
            ps.setNull(5, Types.VARCHAR);
            ps.setNull(6, Types.NUMERIC);
        }
        Attribution after = c.after();
        ps.setBoolean(7, after.attributed());
        ps.setString(8, after.click().map(AttributedClick::clickId).orElse(null));
        ps.setString(9, after.trafficSource());
        ps.setBigDecimal(10, after.revenue());
        ps.setString(11, c.reason().dbName());
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
