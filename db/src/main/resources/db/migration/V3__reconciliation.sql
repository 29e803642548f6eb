-- The batch reconciler's own record: one row per run, and one ledger row per corrected checkout.

CREATE TABLE ecommerce.reconciliation_runs (
    run_id           bigserial   PRIMARY KEY,
    job_execution_id bigint,
    range_from       timestamptz NOT NULL,
    range_to         timestamptz NOT NULL,
    window_seconds   integer     NOT NULL CHECK (window_seconds > 0),
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    status           text        NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'completed', 'completed_with_skips', 'failed')),
    events_read      bigint      NOT NULL DEFAULT 0 CHECK (events_read >= 0),
    duplicates       bigint      NOT NULL DEFAULT 0 CHECK (duplicates >= 0),
    checkouts        bigint      NOT NULL DEFAULT 0 CHECK (checkouts >= 0),
    corrections      bigint      NOT NULL DEFAULT 0 CHECK (corrections >= 0),
    skipped_objects  integer     NOT NULL DEFAULT 0 CHECK (skipped_objects >= 0),
    skips            jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(skips) = 'array'),
    summary          jsonb,
    CONSTRAINT reconciliation_runs_range_ordered CHECK (range_from < range_to),
    CONSTRAINT reconciliation_runs_finished_iff_not_running CHECK ((status = 'running') = (finished_at IS NULL))
);

COMMENT ON TABLE ecommerce.reconciliation_runs IS
    'One row per batch-reconciler run. Written by the batch reconciler only: inserted as running at start, '
    'updated with counts and a final status at the end. A restarted (Spring Batch) execution reuses its run_id.';
COMMENT ON COLUMN ecommerce.reconciliation_runs.job_execution_id IS 'Spring Batch job execution id, to join with the job repository.';
COMMENT ON COLUMN ecommerce.reconciliation_runs.range_from IS 'Event-time range reconciled: checkouts with range_from <= checkout_ts < range_to.';
COMMENT ON COLUMN ecommerce.reconciliation_runs.window_seconds IS 'Attribution window W used by this run.';
COMMENT ON COLUMN ecommerce.reconciliation_runs.status IS
    'running, completed, completed_with_skips (some raw objects were unreadable and skipped, see skips), or failed. '
    'A run that died without updating its row stays running with finished_at null.';
COMMENT ON COLUMN ecommerce.reconciliation_runs.skips IS
    'Raw objects the run could not read: a JSON array of {"key": "<s3 object key>", "reason": "<why>"}.';
COMMENT ON COLUMN ecommerce.reconciliation_runs.summary IS 'Free-form run summary (e.g. corrections per reason, revenue moved per source).';

CREATE INDEX reconciliation_runs_started_at_idx ON ecommerce.reconciliation_runs (started_at);

CREATE TABLE ecommerce.attribution_corrections (
    id                 bigserial     PRIMARY KEY,
    run_id             bigint        NOT NULL REFERENCES ecommerce.reconciliation_runs (run_id),
    checkout_id        text          NOT NULL,
    old_attributed     boolean,
    old_click_id       text,
    old_traffic_source text,
    old_revenue        numeric(12,2),
    new_attributed     boolean       NOT NULL,
    new_click_id       text,
    new_traffic_source text          NOT NULL,
    new_revenue        numeric(12,2) NOT NULL,
    reason             text          NOT NULL
        CHECK (reason IN ('late_click', 'late_checkout', 'missed_by_stream', 'duplicate', 'rule_change')),
    corrected_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT attribution_corrections_one_per_run_and_checkout UNIQUE (run_id, checkout_id),
    -- A checkout the stream never wrote has no old values at all.
    CONSTRAINT attribution_corrections_old_values_complete CHECK (
        (old_attributed IS NULL) = (old_traffic_source IS NULL)
        AND (old_attributed IS NULL) = (old_revenue IS NULL))
);

COMMENT ON TABLE ecommerce.attribution_corrections IS
    'Ledger: one row per checkout the batch reconciler changed, with the value before and after and why. '
    'Written by the batch reconciler only, in the same transaction as the change to attributed_checkouts. '
    'UNIQUE (run_id, checkout_id) makes a restarted run unable to record a change twice. '
    'No foreign key to attributed_checkouts on purpose: the ledger outlives retention of the checkouts.';
COMMENT ON COLUMN ecommerce.attribution_corrections.old_attributed IS
    'Value before the correction; all old_* columns are null when the checkout was missing (reason late_checkout or missed_by_stream).';
COMMENT ON COLUMN ecommerce.attribution_corrections.reason IS
    'late_click: a click that arrived after the stream''s allowed lateness changes the first click; '
    'late_checkout: the checkout itself arrived too late for the stream; missed_by_stream: the stream never wrote or '
    'mis-attributed it for another reason; duplicate: the stream counted a duplicate event; '
    'rule_change: the rule or window changed since the row was written.';

CREATE INDEX attribution_corrections_checkout_id_idx ON ecommerce.attribution_corrections (checkout_id);
CREATE INDEX attribution_corrections_corrected_at_idx ON ecommerce.attribution_corrections (corrected_at);
