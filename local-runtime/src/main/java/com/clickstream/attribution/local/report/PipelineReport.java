package com.clickstream.attribution.local.report;

import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.local.feed.FeedLedger;
import com.clickstream.attribution.rawlanding.LandingStats;

/**
 * The figures of one run and their text rendering. Each check compares counts kept by different
 * parts of the pipeline, so a record lost (or doubled) by any of them makes it fail:
 * <ul>
 *   <li>what was sent, counted by the feed ({@link FeedLedger}, the contract's parser);</li>
 *   <li>what the stream read ({@code stream_metrics.events_in}) and rejected ({@code dead_letters});</li>
 *   <li>what the raw landing wrote to S3: events in {@code raw/} objects plus rejected records in
 *       {@code raw-errors/} ({@link LandingStats});</li>
 *   <li>what the reconciler read from S3 and recomputed ({@code reconciliation_runs}) and what the
 *       table holds ({@code attributed_checkouts}).</li>
 * </ul>
 *
 * @param landedEvents        valid events (copies included) the raw landing wrote to {@code raw/}
 * @param landedRejected      records the raw landing wrote to {@code raw-errors/}
 * @param reconcilerEventsRead raw rows the reconciler read, -1 when it did not run ({@code --stream-only})
 * @param reconcilerCheckouts checkouts the reconciler recomputed, -1 when it did not run
 */
public record PipelineReport(
        long recordsIn,
        Map<String, Long> rejectedByReasonSent,
        Map<String, Long> deadLettersByReason,
        long duplicatesSent,
        long clicksSent,
        long checkoutsSent,
        long streamEventsIn,
        long streamLateDropped,
        long landedEvents,
        long landedRejected,
        long reconcilerEventsRead,
        long reconcilerCheckouts,
        long checkouts,
        long attributed,
        long unattributed,
        long agreeing,
        long streamRows,
        Map<String, Long> correctionsByReason,
        Map<String, Map<String, BigDecimal>> revenueByModelAndSource,
        Map<String, Duration> stages,
        String psql) {

    public static PipelineReport read(Connection c, FeedLedger ledger, LandingStats.Snapshot landing, String queryName,
            long agreeing, long streamRows, Map<String, Duration> stages, String psql) throws SQLException {
        Map<String, Long> deadLetters = groupCount(c, "SELECT reason_code, count(*) FROM ecommerce.dead_letters "
                + "WHERE source = 'stream' GROUP BY 1 ORDER BY 1");
        long[] metrics = longs(c, "SELECT coalesce(sum(events_in),0), coalesce(sum(late_dropped),0) "
                + "FROM ecommerce.stream_metrics WHERE split_part(query_name, '/', 1) = ?", queryName);
        long[] table = longs(c, "SELECT count(*), count(*) FILTER (WHERE attributed), count(*) FILTER (WHERE NOT attributed) "
                + "FROM ecommerce.attributed_checkouts");
        // the run of this pipeline, if the reconciler ran (a fresh database: at most one run)
        long[] run = agreeing < 0 ? new long[] {-1, -1} : longs(c, "SELECT coalesce(max(events_read), -1), "
                + "coalesce(max(checkouts), -1) FROM ecommerce.reconciliation_runs WHERE run_id = "
                + "(SELECT max(run_id) FROM ecommerce.reconciliation_runs)");
        Map<String, Long> corrections = groupCount(c, "SELECT reason, count(*) FROM ecommerce.attribution_corrections "
                + "GROUP BY 1 ORDER BY 1");
        Map<String, Map<String, BigDecimal>> revenue = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT model, traffic_source, sum(credited_revenue) "
                + "FROM ecommerce.rollup_daily_model_source GROUP BY 1, 2 ORDER BY 1, 2");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                revenue.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getBigDecimal(3));
            }
        }
        return new PipelineReport(ledger.records(), ledger.rejectedByReason(), deadLetters, ledger.duplicates(),
                ledger.clicks(), ledger.checkouts(), metrics[0], metrics[1], landing.eventsLanded(),
                landing.recordsRejected(), run[0], run[1], table[0], table[1], table[2],
                agreeing, streamRows, corrections, revenue, stages, psql);
    }

    /**
     * Every record sent was read by the stream and landed by the raw landing, each rejection is a dead
     * letter with the same reason and a landed error record, and the reconciler read every landed event.
     */
    public boolean recordsAddUp() {
        return streamEventsIn == recordsIn
                && deadLettersByReason.equals(rejectedByReasonSent)
                && landedEvents + landedRejected == recordsIn
                && landedRejected == sum(rejectedByReasonSent)
                && (!reconciled() || reconcilerEventsRead == landedEvents);
    }

    /** The table holds one row per distinct valid checkout sent, and the reconciler recomputed each of them. */
    public boolean checkoutsAddUp() {
        return checkouts == checkoutsSent && (!reconciled() || reconcilerCheckouts == checkoutsSent);
    }

    /** False for a {@code --stream-only} run ({@code agreeing} is then -1). */
    public boolean reconciled() {
        return agreeing >= 0;
    }

    public double attributedShare() {
        return checkouts == 0 ? 0 : (double) attributed / checkouts;
    }

    public double agreement() {
        return checkouts == 0 ? 1 : (double) agreeing / checkouts;
    }

    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("\n================ pipeline report ================\n");
        b.append(String.format("records in                 %,d  (stream read %,d; landed in S3 %,d events + %,d rejected%s)%n",
                recordsIn, streamEventsIn, landedEvents, landedRejected,
                reconciled() ? String.format("; reconciler read %,d", reconcilerEventsRead) : ""));
        b.append(String.format("  distinct clicks          %,d%n", clicksSent));
        b.append(String.format("  distinct checkouts       %,d%n", checkoutsSent));
        b.append(String.format("  duplicate copies         %,d%n", duplicatesSent));
        b.append(String.format("  rejected                 %,d  (dead letters %,d)%n", sum(rejectedByReasonSent),
                sum(deadLettersByReason)));
        deadLettersByReason.forEach((k, v) -> b.append(String.format("    %-24s %,d%n", k, v)));
        b.append(String.format("  adds up                  %s%n", recordsAddUp() ? "yes" : "NO"));
        b.append(String.format("stream: late-dropped       %,d%n", streamLateDropped));
        b.append(String.format("checkouts                  %,d  (attributed %,d, unattributed %,d; sent %,d%s; adds up: %s)%n",
                checkouts, attributed, unattributed, checkoutsSent,
                reconciled() ? String.format(", reconciler %,d", reconcilerCheckouts) : "",
                !reconciled() ? "n/a, stream only" : checkoutsAddUp() ? "yes" : "NO"));
        b.append(String.format("attributed share           %.1f %%%n", 100 * attributedShare()));
        if (reconciled()) {
            b.append(String.format("stream = reconciled        %.1f %% of checkouts (%,d of %,d; the stream wrote %,d rows)%n",
                    100 * agreement(), agreeing, checkouts, streamRows));
        } else {
            b.append("stream = reconciled        n/a (--stream-only: the reconciler did not run; late events are left to it)\n");
        }
        b.append(String.format("corrections                %,d%n", sum(correctionsByReason)));
        correctionsByReason.forEach((k, v) -> b.append(String.format("    %-24s %,d%n", k, v)));
        if (!revenueByModelAndSource.isEmpty()) {
            b.append("revenue by traffic source (rollup_daily_model_source):\n");
            List<String> models = java.util.Arrays.stream(AttributionModel.values()).map(AttributionModel::dbName).toList();
            TreeMap<String, Boolean> sources = new TreeMap<>();
            revenueByModelAndSource.values().forEach(m -> m.keySet().forEach(s -> sources.put(s, true)));
            b.append(String.format("    %-14s", "source"));
            models.forEach(m -> b.append(String.format(" %" + Math.max(14, m.length()) + "s", m)));
            b.append('\n');
            for (String source : sources.keySet()) {
                b.append(String.format("    %-14s", source));
                for (String m : models) {
                    BigDecimal v = revenueByModelAndSource.getOrDefault(m, Map.of()).get(source);
                    b.append(String.format(" %" + Math.max(14, m.length()) + "s", v == null ? "-" : String.format("%,.2f", v)));
                }
                b.append('\n');
            }
        }
        if (!stages.isEmpty()) {
            b.append("stages:\n");
            stages.forEach((k, v) -> b.append(String.format("    %-30s %6.1f s%n", k, v.toMillis() / 1000.0)));
        }
        b.append(psql).append('\n');
        return b.toString();
    }

    static long sum(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> groupCount(Connection c, String sql) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    static long[] longs(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long[] out = new long[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = rs.getLong(i + 1);
                }
                return out;
            }
        }
    }
}
