package com.clickstream.attribution.stream.sink;

import com.clickstream.attribution.stream.sink.model.SinkBatch;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code foreachBatch} function: collects the micro-batch's output rows on the driver (one
 * transaction needs one writer; a batch is bounded by the source's per-shard fetch limits),
 * reshapes them ({@link SinkBatch}) and writes them ({@link PostgresBatchWriter}).
 *
 * <p>The progress key is {@code <query name>/<query id>}. Spark keeps the query id in the
 * checkpoint, so it is stable across restarts from one checkpoint and new with a new checkpoint,
 * whose batch ids restart at 0; a plain name would make a new checkpoint's batches look like
 * replays. An empty batch (Spark runs them to evict state) writes nothing at all, with two
 * exceptions that cost one locked SELECT: the first batch of a run (it may be the re-run of a batch
 * the previous run wrote before it died, and a re-run can read less, even nothing) and a batch id
 * owed a carry by such a re-run; see {@link PostgresBatchWriter} on counters across re-runs.
 */
public final class PostgresSink implements VoidFunction2<Dataset<Row>, Long>, AutoCloseable {

    /** Local property Spark sets on the stream's thread (StreamExecution.QUERY_ID_KEY). */
    static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

    private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);

    private final String queryName;
    private final PostgresBatchWriter writer;
    /** True until the first batch of this run has been seen: only it can be a re-run of a written batch. */
    private boolean firstBatch = true;
    /** A batch id that an earlier re-run carried counts to (-1 = none): settle it even when empty. */
    private long owedBatch = -1;

    public PostgresSink(String queryName, PostgresBatchWriter writer) {
        this.queryName = Objects.requireNonNull(queryName, "queryName");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) throws Exception {
        List<Row> rows = batch.collectAsList();
        SinkBatch model = SinkBatch.from(rows);
        boolean mayHaveRow = firstBatch || batchId == owedBatch;
        firstBatch = false;
        if (model.isEmpty() && !mayHaveRow) {
            return;
        }
        String progressKey = progressKey(batch);
        long start = System.nanoTime();
        PostgresBatchWriter.Outcome outcome = writer.write(progressKey, batchId, model);
        owedBatch = outcome.carriedToNext() ? batchId + 1 : -1;
        if (model.isEmpty() && !outcome.replay()) {
            return; // the first batch of a run, empty, and not a re-run: nothing was written
        }
        if (outcome.carriedToNext()) {
            log.warn("batch {} of {} was written before by a run that read further: this re-run read {} records, "
                            + "the {} records beyond them are owed to batch {}, which will read them again and not "
                            + "count them twice", batchId, progressKey, model.eventsIn(), outcome.eventsCarried(),
                    batchId + 1);
        } else if (outcome.replay() && outcome.rowsWritten() == 0 && outcome.eventsCounted() == 0) {
            log.info("batch {} of {} was committed before (or its records were): replay, nothing changed", batchId,
                    progressKey);
        } else if (outcome.replay()) {
            log.warn("batch {} of {} was committed before, but the source re-read it with different records: "
                    + "{} checkout rows written and {} records counted now (only what earlier runs had not)",
                    batchId, progressKey, outcome.rowsWritten(), outcome.eventsCounted());
        } else {
            log.info("batch {} of {}: {} records in, {} rejected, {} late, {} duplicates -> {} checkout rows "
                            + "({} attributed, {} unattributed), {} items, {} ms",
                    batchId, progressKey, model.eventsIn(), model.rejected(), model.lateDropped(), model.duplicates(),
                    outcome.rowsWritten(), outcome.attributed(), outcome.unattributed(), model.items().size(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** {@code <query name>/<query id>} of the query running this batch. */
    String progressKey(Dataset<Row> batch) {
        String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        if (queryId == null) {
            throw new IllegalStateException("no streaming query id on this thread: call from foreachBatch");
        }
        return queryName + "/" + queryId;
    }

    @Override
    public void close() {
        writer.close();
    }
}
