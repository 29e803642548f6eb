-- Issue 16: the sixth multi-touch model (last non-direct click) and the conversion paths rollup. Both are
-- written by the batch reconciler from raw clicks, replacing whole days, like the other raw-derived rollups
-- (docs/attribution.md "Last non-direct click" and "Conversion paths", docs/reconciler.md).

-- ---- rollup_daily_model_source: one more model --------------------------------------------------------------

-- The CHECK was written inline in V4, so it carries PostgreSQL's default name.
ALTER TABLE ecommerce.rollup_daily_model_source DROP CONSTRAINT rollup_daily_model_source_model_check;
ALTER TABLE ecommerce.rollup_daily_model_source ADD CONSTRAINT rollup_daily_model_source_model_check
    CHECK (model IN ('first_click', 'last_click', 'linear', 'time_decay', 'position_based', 'last_non_direct_click'));

COMMENT ON COLUMN ecommerce.rollup_daily_model_source.model IS
    'first_click, last_click: all credit to the first / last candidate. linear: equal shares. time_decay: weights '
    'halving with the click''s age (half-life set in the reconciler). position_based: 40% first, 40% last, 20% '
    'shared by the clicks in between (50/50 with two clicks, 100% with one). last_non_direct_click: all credit to '
    'the last candidate whose traffic_source is not ''direct'' (exactly that value), or to the last candidate when '
    'every candidate is direct.';

-- ---- rollup_daily_conversion_paths ------------------------------------------------------------------------

CREATE TABLE ecommerce.rollup_daily_conversion_paths (
    day          date          NOT NULL,
    path         text          NOT NULL,
    conversions  bigint        NOT NULL CHECK (conversions > 0),
    revenue      numeric(14,2) NOT NULL CHECK (revenue >= 0),
    refreshed_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (day, path)
);
COMMENT ON TABLE ecommerce.rollup_daily_conversion_paths IS
    'Checkouts and their revenue per UTC day of checkout_ts and conversion path: the traffic sources of the '
    'checkout''s candidate clicks (same user, inside the window, copies once, earliest (event_ts, event_id) '
    'first). Checkouts without a candidate have the path ''unattributed'', so per day conversions add up to the '
    'day''s checkouts and revenue to its revenue. Written by the batch reconciler from raw clicks (PostgreSQL '
    'keeps no click rows), replacing whole days.';
COMMENT ON COLUMN ecommerce.rollup_daily_conversion_paths.path IS
    'Sources joined with '' > '' in touch order, consecutive repeats collapsed (google, google, email -> '
    '''google > email''); at most 10 steps: a longer path keeps its last 10 behind a first step ''...''. '
    'ConversionPath in attribution-core.';
COMMENT ON COLUMN ecommerce.rollup_daily_conversion_paths.conversions IS 'Checkouts whose touches make this path.';
COMMENT ON COLUMN ecommerce.rollup_daily_conversion_paths.revenue IS 'Their total revenue (total_amount).';

-- The reconciler replaces whole days (V7's convention: a new table grants its writer explicitly; the
-- analyst's SELECT comes from the default privileges).
GRANT SELECT, INSERT, DELETE ON ecommerce.rollup_daily_conversion_paths TO clickstream_reconciler;
