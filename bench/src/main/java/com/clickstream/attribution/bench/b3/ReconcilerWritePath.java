package com.clickstream.attribution.bench.b3;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.LineItem;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.diff.AttributionDiff;
import com.clickstream.attribution.reconciler.diff.CorrectionReasons;
import com.clickstream.attribution.reconciler.diff.StoredAttributions;
import com.clickstream.attribution.reconciler.ledger.CorrectionsRepository;
import com.clickstream.attribution.reconciler.ledger.CorrectionsWriter;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import com.clickstream.attribution.reconciler.recompute.Tracked;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.springframework.batch.item.Chunk;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The batch reconciler's write path as its chunk step runs it, without Spring Batch around it: a
 * {@link CorrectionsWriter} (load the chunk's stored rows, diff, then {@link CorrectionsRepository}:
 * set-based INSERT ... ON CONFLICT DO NOTHING of the chunk's checkouts, their items, one ledger row per change) in
 * one transaction per chunk of {@code chunkUsers} users, on a Hikari pool like the job's. Every
 * checkout of the set is missing from the table, so each becomes an insert with a ledger row.
 *
 * <p>Left out: the step's own per-chunk write of its execution context to the Spring Batch tables
 * (same transaction in the job; one small UPDATE), and the recompute that builds the answers.
 */
final class ReconcilerWritePath {

    /** What one run wrote. */
    record Result(double seconds, long corrections, long chunks) {
    }

    private final String jdbcUrl;
    private final String user;

    ReconcilerWritePath(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
    }

    /**
     * Writes every row of {@code rows}, user by user ({@code byUser}), {@code chunkUsers} users per
     * transaction; {@code withItems} false writes checkouts without line items. {@code progress} gets
     * the rows done after each chunk. Times only the chunk transactions.
     */
    Result run(CheckoutRowSet rows, int[] byUser, int chunkUsers, boolean withItems, IntConsumer progress) {
        // a new pool per run, as a new job run has: server-side plans cached on a connection must not carry over
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setMaximumPoolSize(2);
        config.setPoolName("b3-reconciler");
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            return run(new JdbcTemplate(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                    rows, byUser, chunkUsers, withItems, progress);
        }
    }

    private static Result run(JdbcTemplate jdbc, TransactionTemplate transactions, CheckoutRowSet rows, int[] byUser,
            int chunkUsers, boolean withItems, IntConsumer progress) {
        long runId = startRun(jdbc);
        CorrectionReasons reasons = new CorrectionReasons(AttributionWindow.DEFAULT,
                ReconciliationParameters.DEFAULT_LATENESS);
        CorrectionsWriter writer = new CorrectionsWriter(runId, new StoredAttributions(jdbc), new AttributionDiff(reasons),
                new CorrectionsRepository(jdbc), false);
        writer.open(new ExecutionContext());
        long nanos = 0;
        long chunks = 0;
        int k = 0;
        while (k < byUser.length) {
            // a chunk holds the checkouts of chunkUsers users, as the job's chunks did when they were per user
            List<RecomputedCheckout> checkouts = new ArrayList<>();
            int users = 0;
            while (k < byUser.length && users < chunkUsers) {
                int user = rows.userIndex(byUser[k]);
                while (k < byUser.length && rows.userIndex(byUser[k]) == user) {
                    checkouts.add(recomputed(rows, byUser[k], withItems));
                    k++;
                }
                users++;
            }
            Chunk<RecomputedCheckout> chunk = new Chunk<>(checkouts);
            long start = System.nanoTime();
            transactions.executeWithoutResult(status -> writer.write(chunk));
            nanos += System.nanoTime() - start;
            chunks++;
            progress.accept(k);
        }
        ExecutionContext context = new ExecutionContext();
        writer.update(context);
        return new Result(nanos / 1e9, context.getLong(ContextKeys.CORRECTIONS), chunks);
    }

    /** The run row the ledger's foreign key needs, as the job's start step inserts it. */
    private static long startRun(JdbcTemplate jdbc) {
        return jdbc.queryForObject("""
                INSERT INTO ecommerce.reconciliation_runs (range_from, range_to, window_seconds)
                VALUES (?, ?, ?) RETURNING run_id
                """, Long.class, OffsetDateTime.ofInstant(CheckoutRowSetGenerator.START, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(CheckoutRowSetGenerator.START.plusMillis(CheckoutRowSetGenerator.SPAN_MILLIS)
                        .plus(1, ChronoUnit.DAYS), ZoneOffset.UTC),
                Math.toIntExact(AttributionWindow.DEFAULT_LENGTH.toSeconds()));
    }

    /**
     * The recompute's answer for row {@code i}, arrived on time. The credited click's evidence is left
     * empty: only a replacement's reason reads it, and every row here is an insert.
     */
    static RecomputedCheckout recomputed(CheckoutRowSet rows, int i, boolean withItems) {
        List<LineItem> items = new ArrayList<>();
        if (withItems) {
            for (int line = 0; line < rows.itemCount(i); line++) {
                CheckoutRowSet.Item item = rows.item(i, line);
                items.add(new LineItem(item.productId(), item.productName(), item.unitPrice(), item.quantity()));
            }
        }
        Instant checkoutTs = rows.checkoutTs(i);
        Checkout event = Checkout.newBuilder()
                .setEventId(rows.checkoutId(i))
                .setEventType("checkout")
                .setUserId(rows.userId(i))
                .setSessionId("s-" + rows.checkoutId(i))
                .setItems(items)
                .setTotalAmount(rows.revenue(i))
                .setCurrency(rows.currency(i))
                .setPaymentMethod("card")
                .setEventTs(checkoutTs)
                .build();
        Optional<AttributedClick> click = rows.attributed(i)
                ? Optional.of(new AttributedClick(rows.clickId(i), rows.clickTs(i), rows.trafficSource(i),
                        rows.campaignId(i), rows.deviceType(i), rows.firstProductId(i), rows.firstProductCategory(i)))
                : Optional.empty();
        Attribution answer = new Attribution(rows.checkoutId(i), rows.userId(i), checkoutTs, rows.revenue(i),
                rows.currency(i), click);
        return new RecomputedCheckout(answer, new Tracked<>(event, checkoutTs.truncatedTo(ChronoUnit.HOURS), 1),
                click.map(c -> new Tracked<>(c, c.clickTs().truncatedTo(ChronoUnit.HOURS), 1)), Map.of());
    }
}
