-- Comments only: how the streaming sink keeps stream_metrics exact when a re-run of a batch reads fewer
-- records than the run it replaces (found by the fault suite's StreamingKillFaultIT; docs/streaming.md
-- "Replays"). The V6 comments said a replay "adds only the difference", which is half of it.
COMMENT ON TABLE ecommerce.stream_progress IS
    'Micro-batches of the streaming sink, one row per (query_name, batch_id). Each foreachBatch transaction first '
    'runs INSERT ... ON CONFLICT DO NOTHING; an existing row means an earlier run of this batch id committed (a '
    'replay after a failure) or an earlier batch carried counts to it. A run re-applies the idempotent writes '
    '(min-rule upsert, items, dead letters), adds to stream_metrics only what it read beyond the counts owed (this '
    'row plus the next batch id''s row), records what it read here, and carries any shortfall to the next batch '
    'id, which will read those records again. So the sum of these counters equals the sum of stream_metrics. '
    'Spark restarts batch ids at 0 with a new checkpoint, so query_name identifies the checkpoint too '
    '(e.g. ''local/'' || the StreamingQuery id). Rows older than the checkpoint''s retained batches may be deleted.';
COMMENT ON COLUMN ecommerce.stream_progress.events_in IS
    'Records read by the latest run of this batch id, or carried to it by a shorter re-run of the previous one.';
COMMENT ON COLUMN ecommerce.stream_progress.rejected IS
    'Rejected records counted for this batch id (latest run, or carried), as events_in.';
COMMENT ON COLUMN ecommerce.stream_progress.late_dropped IS
    'Late-dropped events counted for this batch id (latest run, or carried), as events_in.';
COMMENT ON COLUMN ecommerce.stream_metrics.events_in IS
    'Records read from the source in that minute, valid or not; a re-run of a batch adds only records no earlier '
    'run counted (see stream_progress).';
