-- A replayed micro-batch may hold more records than the run that committed it (both Kinesis connectors
-- re-read a batch from its start positions). The sink re-applies the idempotent writes on a replay; to
-- keep stream_metrics exact too, each batch remembers the counters it has added, and a replay adds only
-- the difference.
ALTER TABLE ecommerce.stream_progress
    ADD COLUMN events_in    bigint NOT NULL DEFAULT 0 CHECK (events_in >= 0),
    ADD COLUMN rejected     bigint NOT NULL DEFAULT 0 CHECK (rejected >= 0),
    ADD COLUMN late_dropped bigint NOT NULL DEFAULT 0 CHECK (late_dropped >= 0);

COMMENT ON TABLE ecommerce.stream_progress IS
    'Micro-batches the streaming sink has committed. Written by the streaming job: each foreachBatch transaction '
    'first runs INSERT ... ON CONFLICT DO NOTHING for (query_name, batch_id); zero rows inserted means the batch was '
    'committed before (a replay after a failure). A replay re-applies the idempotent writes (min-rule upsert, items, '
    'dead letters) and adds to stream_metrics only what exceeds the counters recorded here. '
    'Spark restarts batch ids at 0 with a new checkpoint, so query_name must identify the checkpoint too '
    '(e.g. ''checkouts/'' || the StreamingQuery id). Rows older than the checkpoint''s retained batches may be deleted.';
COMMENT ON COLUMN ecommerce.stream_progress.events_in IS 'Records read that this batch has counted in stream_metrics.';
COMMENT ON COLUMN ecommerce.stream_progress.rejected IS 'Rejected records this batch has counted in stream_metrics.';
COMMENT ON COLUMN ecommerce.stream_progress.late_dropped IS 'Late-dropped events this batch has counted in stream_metrics.';
COMMENT ON COLUMN ecommerce.stream_metrics.events_in IS
    'Records read from the source in that minute, valid or not (a replay adds only records its original did not count).';
