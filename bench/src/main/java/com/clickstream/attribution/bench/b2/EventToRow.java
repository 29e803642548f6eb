package com.clickstream.attribution.bench.b2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Event-to-row latency of checkouts: from the wall-clock time the checkout record was sent to the
 * time its {@code attributed_checkouts} row became visible. A row's batch is found exactly: its
 * {@code updated_at} equals the {@code committed_at} of the batch that wrote it last (both are
 * {@code now()} of the sink's one transaction per batch: the row's column default on insert,
 * {@code updated_at = now()} on an upgrade, the progress row's column default). A row upgraded by a
 * later batch (version > 1: its click was read in a later batch than the checkout) counts at its
 * latest write, which overstates its latency (conservative).
 */
final class EventToRow {

    /** A checkout the feed sent: its position in the data set and its event id. */
    record SentCheckout(long index, String checkoutId) {
    }

    /** What the table holds for a checkout: when it was last written and its version. */
    record RowWrite(long updatedMicros, int version) {
    }

    /**
     * @param histogram latencies in microseconds
     * @param missing   checkouts without a row
     * @param upgraded  rows with version > 1
     */
    record Result(Histogram histogram, List<String> missing, long upgraded) {

        double percentileSeconds(double p) {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(p) / 1e6;
        }
    }

    private EventToRow() {
    }

    static Result measure(List<SentCheckout> checkouts, SendLog sends, Map<String, RowWrite> rows,
            Map<Long, BatchCommits.Commit> batchesByCommittedMicros) {
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        List<String> missing = new ArrayList<>();
        long upgraded = 0;
        for (SentCheckout c : checkouts) {
            RowWrite row = rows.get(c.checkoutId());
            if (row == null) {
                missing.add(c.checkoutId());
                continue;
            }
            BatchCommits.Commit batch = batchesByCommittedMicros.get(row.updatedMicros());
            if (batch == null) {
                throw new IllegalStateException("row " + c.checkoutId() + " was written at " + row.updatedMicros()
                        + " by no batch the poller saw");
            }
            if (row.version() > 1) {
                upgraded++;
            }
            long latency = batch.visibleMicros() - sends.sentMicros(c.index());
            if (latency < 0) {
                throw new IllegalStateException("row " + c.checkoutId() + " visible before it was sent");
            }
            histogram.recordValue(latency);
        }
        return new Result(histogram, missing, upgraded);
    }
}
