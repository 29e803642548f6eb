-- What the streaming job needs besides attributed_checkouts: per-minute metrics, the micro-batch ledger
-- that makes its sink exactly-once, and the dead letters of every component.

CREATE TABLE ecommerce.stream_metrics (
    minute       timestamptz   NOT NULL,
    query_name   text          NOT NULL,
    events_in    bigint        NOT NULL DEFAULT 0 CHECK (events_in >= 0),
    rejected     bigint        NOT NULL DEFAULT 0 CHECK (rejected >= 0),
    late_dropped bigint        NOT NULL DEFAULT 0 CHECK (late_dropped >= 0),
    attributed   bigint        NOT NULL DEFAULT 0 CHECK (attributed >= 0),
    unattributed bigint        NOT NULL DEFAULT 0 CHECK (unattributed >= 0),
    revenue      numeric(14,2) NOT NULL DEFAULT 0,
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (minute, query_name),
    CONSTRAINT stream_metrics_minute_is_whole CHECK (extract(second FROM minute) = 0)
);
COMMENT ON TABLE ecommerce.stream_metrics IS
    'Per-minute counters of each streaming query. Written by the streaming job''s sink in the same transaction as '
    'the micro-batch (see stream_progress), as an additive upsert: '
    'ON CONFLICT (minute, query_name) DO UPDATE SET events_in = stream_metrics.events_in + EXCLUDED.events_in, ... '
    'A replayed batch is skipped as a whole, so counters are not double-counted.';
COMMENT ON COLUMN ecommerce.stream_metrics.minute IS 'Processing-time minute (start of the minute) in which the micro-batch ran.';
COMMENT ON COLUMN ecommerce.stream_metrics.events_in IS 'Records read from the source in that minute, valid or not.';
COMMENT ON COLUMN ecommerce.stream_metrics.rejected IS 'Records that failed validation and went to dead_letters.';
COMMENT ON COLUMN ecommerce.stream_metrics.late_dropped IS 'Events older than the watermark, left to the batch reconciler.';
COMMENT ON COLUMN ecommerce.stream_metrics.attributed IS 'Checkout rows written attributed (new or changed to attributed) in that minute.';
COMMENT ON COLUMN ecommerce.stream_metrics.unattributed IS 'Checkout rows written unattributed (so far) in that minute.';
COMMENT ON COLUMN ecommerce.stream_metrics.revenue IS 'Revenue of the checkouts first written in that minute.';

CREATE TABLE ecommerce.stream_progress (
    query_name   text        NOT NULL,
    batch_id     bigint      NOT NULL CHECK (batch_id >= 0),
    committed_at timestamptz NOT NULL DEFAULT now(),
    rows_written bigint      NOT NULL DEFAULT 0 CHECK (rows_written >= 0),
    PRIMARY KEY (query_name, batch_id)
);
COMMENT ON TABLE ecommerce.stream_progress IS
    'Micro-batches the streaming sink has committed. Written by the streaming job: each foreachBatch transaction '
    'first runs INSERT ... ON CONFLICT DO NOTHING for (query_name, batch_id); zero rows inserted means the batch was '
    'committed before (a replay after a failure) and the transaction writes nothing else. '
    'Spark restarts batch ids at 0 with a new checkpoint, so query_name must identify the checkpoint too '
    '(e.g. ''checkouts/'' || the StreamingQuery id). Rows older than the checkpoint''s retained batches may be deleted.';
COMMENT ON COLUMN ecommerce.stream_progress.rows_written IS 'Rows the batch upserted into attributed_checkouts (for operations).';

CREATE INDEX stream_progress_committed_at_idx ON ecommerce.stream_progress (committed_at);

CREATE TABLE ecommerce.dead_letters (
    id              bigserial   PRIMARY KEY,
    received_at     timestamptz NOT NULL DEFAULT now(),
    source          text        NOT NULL
        CHECK (source IN ('stream', 'raw_landing', 'reconciler', 'generator')),
    event_type      text,
    reason_code     text        NOT NULL,
    detail          text,
    payload         text        NOT NULL,
    stream_name     text,
    partition_key   text,
    sequence_number text,
    object_key      text
);
COMMENT ON TABLE ecommerce.dead_letters IS
    'Records that were rejected (invalid, unparseable, oversized, out of range), kept verbatim with the reason. '
    'Written by the component that rejected them (source): the streaming job (in the micro-batch transaction), '
    'the raw-landing writer, the batch reconciler (unreadable raw rows) or the generator (its injected malformed '
    'records, when it records them). Never deleted by the pipeline.';
COMMENT ON COLUMN ecommerce.dead_letters.event_type IS 'click or checkout when it could be read from the record, else null.';
COMMENT ON COLUMN ecommerce.dead_letters.reason_code IS 'Machine-readable reason, e.g. UNKNOWN_EVENT_TYPE, MISSING_FIELD, WRONG_TYPE, NEGATIVE_AMOUNT, FUTURE_EVENT, TOO_OLD, OVERSIZED, UNPARSEABLE.';
COMMENT ON COLUMN ecommerce.dead_letters.payload IS 'The raw record exactly as received (decoded as UTF-8; invalid bytes replaced).';
COMMENT ON COLUMN ecommerce.dead_letters.stream_name IS 'Kinesis stream (or Firehose delivery stream) the record came from, if any.';
COMMENT ON COLUMN ecommerce.dead_letters.sequence_number IS 'Kinesis sequence number; with stream_name and partition_key it identifies the record.';
COMMENT ON COLUMN ecommerce.dead_letters.object_key IS 'S3 object (or local file) the record came from, if any.';

CREATE INDEX dead_letters_received_at_idx ON ecommerce.dead_letters (received_at);
CREATE INDEX dead_letters_reason_code_idx ON ecommerce.dead_letters (reason_code);
-- Lets a writer that might see a Kinesis record twice use ON CONFLICT DO NOTHING.
CREATE UNIQUE INDEX dead_letters_kinesis_record_uq
    ON ecommerce.dead_letters (source, stream_name, partition_key, sequence_number) NULLS NOT DISTINCT
    WHERE sequence_number IS NOT NULL;

CREATE VIEW ecommerce.dead_letter_counts AS
SELECT source, event_type, reason_code,
       count(*)         AS records,
       min(received_at) AS first_received_at,
       max(received_at) AS last_received_at
FROM ecommerce.dead_letters
GROUP BY source, event_type, reason_code;
COMMENT ON VIEW ecommerce.dead_letter_counts IS 'Rejected records per component, event type and reason code.';
