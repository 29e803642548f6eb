package com.clickstream.attribution.bench.b3;

import com.clickstream.attribution.bench.harness.ChildRun;
import com.clickstream.attribution.bench.harness.PeakRss;
import com.clickstream.attribution.stream.sink.DatabaseSettings;
import com.clickstream.attribution.stream.sink.PostgresBatchWriter;
import com.clickstream.attribution.stream.sink.model.AttributedCheckoutRow;
import com.clickstream.attribution.stream.sink.model.CheckoutItemRow;
import com.clickstream.attribution.stream.sink.model.SinkBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child JVM (classpath: bench classes + the streaming job's classpath, no SparkSession): feeds the
 * row set to the streaming job's own {@link PostgresBatchWriter} as micro-batches of
 * {@code batchRows} rows, every checkout new (so with {@code items}, its line items too, as
 * {@code SinkBatch.from} does for a first write). Times only the writer's {@code write} calls (one
 * transaction per batch: claim, COPY csv into a temp table, min-rule upsert, items, metrics, commit),
 * not the building of the batch objects, which the job does from Spark rows before.
 *
 * <p>Args: {@code rowSetFile jdbcUrl user batchRows items(true|false) queryName}. Prints
 * {@code RESULT {"seconds", "rows", "batches", "peakRssBytes"}}.
 */
public final class StreamingSinkWorker {

    private StreamingSinkWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException("args: rowSetFile jdbcUrl user batchRows items queryName");
        }
        CheckoutRowSet rows = CheckoutRowSet.read(Path.of(args[0]));
        DatabaseSettings database = new DatabaseSettings(args[1], args[2], null);
        int batchRows = Integer.parseInt(args[3]);
        boolean items = Boolean.parseBoolean(args[4]);
        String queryName = args[5];

        long writeNanos = 0;
        long written = 0;
        long batches = 0;
        int n = rows.size();
        try (PostgresBatchWriter writer = new PostgresBatchWriter(database)) {
            for (int from = 0; from < n; from += batchRows) {
                SinkBatch batch = batch(rows, from, Math.min(n, from + batchRows), items);
                long start = System.nanoTime();
                PostgresBatchWriter.Outcome outcome = writer.write(queryName, batches, batch);
                writeNanos += System.nanoTime() - start;
                if (outcome.replay()) {
                    throw new IllegalStateException("batch " + batches + " was taken for a replay");
                }
                written += outcome.rowsWritten();
                batches++;
                if (batches % 10 == 0) {
                    System.out.printf("%,d of %,d rows written in %d batches%n", written, n, batches);
                }
            }
        }
        if (written != n) {
            throw new IllegalStateException("the writer reports " + written + " rows written, expected " + n);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("seconds", writeNanos / 1e9);
        result.put("rows", written);
        result.put("batches", batches);
        result.put("peakRssBytes", PeakRss.self());
        ChildRun.report(result);
    }

    static SinkBatch batch(CheckoutRowSet rows, int from, int to, boolean withItems) {
        List<AttributedCheckoutRow> checkouts = new ArrayList<>(to - from);
        List<CheckoutItemRow> items = new ArrayList<>(withItems ? 2 * (to - from) : 0);
        for (int i = from; i < to; i++) {
            checkouts.add(new AttributedCheckoutRow(rows.checkoutId(i), rows.userId(i), rows.checkoutTs(i),
                    rows.revenue(i), rows.currency(i), rows.attributed(i), rows.clickId(i), rows.clickTs(i),
                    rows.trafficSource(i), rows.campaignId(i), rows.deviceType(i), rows.firstProductId(i),
                    rows.firstProductCategory(i)));
            if (withItems) {
                for (int line = 0; line < rows.itemCount(i); line++) {
                    CheckoutRowSet.Item item = rows.item(i, line);
                    items.add(new CheckoutItemRow(rows.checkoutId(i), line + 1, item.productId(), item.productName(),
                            item.unitPrice(), item.quantity()));
                }
            }
        }
        // eventsIn: the batch's records (its checkouts; a real batch also counts its clicks)
        return new SinkBatch(checkouts, items, List.of(), to - from, 0, 0);
    }
}
