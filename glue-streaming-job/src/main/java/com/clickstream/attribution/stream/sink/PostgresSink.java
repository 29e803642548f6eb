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
 * replays. An empty batch (Spark runs them to evict state) writes nothing at all.
 */
public final class PostgresSink implements VoidFunction2<Dataset<Row>, Long>, AutoCloseable {

    /** Local property Spark sets on the stream's thread (StreamExecution.QUERY_ID_KEY). */
    static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

    private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);

    private final String queryName;
    private final PostgresBatchWriter writer;

    public PostgresSink(String queryName, PostgresBatchWriter writer) {
        this.queryName = Objects.requireNonNull(queryName, "queryName");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) throws Exception {
        List<Row> rows = batch.collectAsList();
        SinkBatch model = SinkBatch.from(rows);
        if (model.isEmpty()) {
            return;
        }
        String progressKey = progressKey(batch);
        long start = System.nanoTime();
        PostgresBatchWriter.Outcome outcome = writer.write(progressKey, batchId, model);
        if (outcome.replay() && outcome.rowsWritten() == 0) {
            log.info("batch {} of {} was committed before: replay, nothing changed", batchId, progressKey);
        } else if (outcome.replay()) {
            log.warn("batch {} of {} was committed before, but the source re-read it with different records: "
                    + "{} checkout rows written now; counters not added again", batchId, progressKey,
                    outcome.rowsWritten());
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
