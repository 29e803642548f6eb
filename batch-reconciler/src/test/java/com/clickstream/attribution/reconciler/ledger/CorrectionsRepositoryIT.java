package com.clickstream.attribution.reconciler.ledger;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.diff.Correction;
import com.clickstream.attribution.reconciler.diff.CorrectionReason;
import com.clickstream.attribution.reconciler.diff.StoredAttribution;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** The set-based write path: exact values, and rows the stream wrote meanwhile are conflicts, not overwritten. */
class CorrectionsRepositoryIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    private static final Instant T = Instant.parse("2024-03-01T12:00:00.123Z");

    @Test
    void insertsMissingRowsWithItemsAndLedgerAndCountsConflicts() {
        JdbcTemplate jdbc = new JdbcTemplate(POSTGRES.dataSource());
        long runId = jdbc.queryForObject("INSERT INTO ecommerce.reconciliation_runs (range_from, range_to, window_seconds) "
                + "VALUES ('2024-03-01', '2024-03-02', 3600) RETURNING run_id", Long.class);
        Checkout taken = checkout("o-taken", "u1", T, "5.00");
        Checkout fresh = checkout("o-fresh", "u2", T.plusMillis(7), "12.30");
        Checkout plain = checkout("o-plain", "u3", T, "0.10");
        Checkout moved = checkout("o-moved", "u4", T, "3.00");
        // the stream wrote o-taken and o-moved (now version 2) before the reconciler's chunk commits
        new CorrectionsRepository(jdbc).apply(runId, List.of(
                new Correction(Optional.empty(), Attribution.unattributed(taken), taken, CorrectionReason.MISSED_BY_STREAM),
                new Correction(Optional.empty(), Attribution.unattributed(moved), moved, CorrectionReason.MISSED_BY_STREAM)));
        jdbc.update("UPDATE ecommerce.attributed_checkouts SET version = 2 WHERE checkout_id = 'o-moved'");
        jdbc.update("DELETE FROM ecommerce.attribution_corrections");

        Attribution freshAnswer = Attribution.attributedTo(fresh, click("k-1", "u2", T.minusMillis(1_001), "email"));
        CorrectionsRepository.Applied applied = new CorrectionsRepository(jdbc).apply(runId, List.of(
                new Correction(Optional.empty(), Attribution.unattributed(taken), taken, CorrectionReason.LATE_CHECKOUT),
                new Correction(Optional.empty(), freshAnswer, fresh, CorrectionReason.LATE_CLICK),
                new Correction(Optional.empty(), Attribution.unattributed(plain), plain, CorrectionReason.MISSED_BY_STREAM),
                new Correction(Optional.of(new StoredAttribution(Attribution.unattributed(moved), "stream", 1)),
                        Attribution.unattributed(moved), moved, CorrectionReason.DUPLICATE)));

        assertThat(applied.applied()).isEqualTo(Map.of(CorrectionReason.LATE_CLICK, 1L,
                CorrectionReason.MISSED_BY_STREAM, 1L));
        assertThat(applied.conflicts()).isEqualTo(2);
        Map<String, Object> row = jdbc.queryForMap("SELECT checkout_ts, click_ts, revenue, attributed_click_id, "
                + "traffic_source, campaign_id, written_by, version FROM ecommerce.attributed_checkouts "
                + "WHERE checkout_id = 'o-fresh'");
        assertThat(((java.sql.Timestamp) row.get("checkout_ts")).toInstant()).isEqualTo(T.plusMillis(7));
        assertThat(((java.sql.Timestamp) row.get("click_ts")).toInstant()).isEqualTo(T.minusMillis(1_001));
        assertThat(row.get("revenue")).isEqualTo(new BigDecimal("12.30"));
        assertThat(row).containsEntry("attributed_click_id", "k-1").containsEntry("traffic_source", "email")
                .containsEntry("campaign_id", "camp-1").containsEntry("written_by", "reconciler")
                .containsEntry("version", 1);
        assertThat(jdbc.queryForList("SELECT checkout_id || ':' || line_no || ':' || unit_price || 'x' || quantity "
                + "FROM ecommerce.checkout_items WHERE checkout_id IN ('o-fresh', 'o-plain') ORDER BY 1", String.class))
                .containsExactly("o-fresh:1:12.30x1", "o-plain:1:0.10x1");
        assertThat(jdbc.queryForList("SELECT checkout_id || ':' || reason || ':' || coalesce(old_revenue::text, '-') "
                + "|| ':' || new_revenue || ':' || coalesce(new_click_id, '-') FROM ecommerce.attribution_corrections "
                + "WHERE run_id = ? ORDER BY 1", String.class, runId))
                .containsExactly("o-fresh:late_click:-:12.30:k-1", "o-plain:missed_by_stream:-:0.10:-");
        assertThat(jdbc.queryForObject("SELECT version FROM ecommerce.attributed_checkouts WHERE checkout_id = 'o-moved'",
                Integer.class)).isEqualTo(2);
    }
}
