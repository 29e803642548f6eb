-- Rollups for the run report's two histograms (issue 16, docs/report.md): how many touches a conversion had,
-- and how long after its first click it came. Both are written by the batch reconciler for the UTC days it
-- reconciled, replacing whole days like the other rollups (V4), so the report reads small tables instead of
-- scanning checkouts or raw clicks.

CREATE TABLE ecommerce.rollup_daily_touches (
    day          date          NOT NULL,
    touches      integer       NOT NULL CHECK (touches >= 0),
    checkouts    bigint        NOT NULL CHECK (checkouts >= 0),
    revenue      numeric(14,2) NOT NULL,
    refreshed_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (day, touches)
);
COMMENT ON TABLE ecommerce.rollup_daily_touches IS
    'Checkouts and their revenue per UTC day of checkout_ts and number of touches: the candidate clicks of the '
    'checkout (same user, inside the attribution window, copies counted once), the same touches the multi-touch '
    'models share the credit among. 0 = unattributed. Written by the batch reconciler from raw clicks (PostgreSQL '
    'keeps no click rows), replacing whole days, in the same step as rollup_daily_model_source; so for each day '
    'checkouts sums to that day''s checkout count and revenue to its revenue.';
COMMENT ON COLUMN ecommerce.rollup_daily_touches.touches IS 'Distinct candidate clicks of the checkout inside the window; 0 when it has none (unattributed).';

CREATE TABLE ecommerce.rollup_daily_time_to_purchase (
    day          date          NOT NULL,
    minute       integer       NOT NULL CHECK (minute >= 0),
    checkouts    bigint        NOT NULL CHECK (checkouts >= 0),
    revenue      numeric(14,2) NOT NULL,
    refreshed_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (day, minute)
);
COMMENT ON TABLE ecommerce.rollup_daily_time_to_purchase IS
    'Attributed checkouts and their revenue per UTC day of checkout_ts and whole minute from the first click to '
    'the checkout (minute = floor(time_to_purchase_seconds / 60)): the report''s histogram re-bins these minutes. '
    'Unattributed checkouts have no first click and are not here. Derived from attributed_checkouts by '
    'ecommerce.refresh_time_to_purchase_rollup(), which the batch reconciler calls for the days it reconciled.';
COMMENT ON COLUMN ecommerce.rollup_daily_time_to_purchase.minute IS
    'floor((checkout_ts - click_ts) / 1 minute) of the first click: 0 = within the first minute. A window of W '
    'minutes gives minutes 0 .. W (W itself only for a click exactly at the window''s start).';

-- A separate function rather than a new version of refresh_checkout_rollups (V4): that one stays the single
-- definition of the four checkout rollups it has; the reconciler calls both for the same days.
CREATE FUNCTION ecommerce.refresh_time_to_purchase_rollup(p_from_day date, p_to_day date)
    RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    v_from timestamptz := p_from_day::timestamp AT TIME ZONE 'UTC';
    v_to   timestamptz := (p_to_day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
    IF p_from_day IS NULL OR p_to_day IS NULL OR p_from_day > p_to_day THEN
        RAISE EXCEPTION 'refresh_time_to_purchase_rollup: invalid day range % .. %', p_from_day, p_to_day;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('ecommerce.refresh_time_to_purchase_rollup'));

    DELETE FROM ecommerce.rollup_daily_time_to_purchase WHERE day BETWEEN p_from_day AND p_to_day;
    INSERT INTO ecommerce.rollup_daily_time_to_purchase (day, minute, checkouts, revenue)
    SELECT (c.checkout_ts AT TIME ZONE 'UTC')::date, floor(c.time_to_purchase_seconds / 60)::integer,
           count(*), sum(c.revenue)
    FROM ecommerce.attributed_checkouts c
    WHERE c.attributed AND c.checkout_ts >= v_from AND c.checkout_ts < v_to
    GROUP BY 1, 2;
END;
$$;

COMMENT ON FUNCTION ecommerce.refresh_time_to_purchase_rollup(date, date) IS
    'Recomputes rollup_daily_time_to_purchase for the UTC days p_from_day..p_to_day (inclusive) from '
    'attributed_checkouts by replacing those days. Called by the batch reconciler next to refresh_checkout_rollups; '
    'idempotent.';

-- The reconciler replaces whole days of both (V7's convention: each new table grants its writer here; the
-- analyst's SELECT comes from V7's default privileges).
GRANT SELECT, INSERT, DELETE ON ecommerce.rollup_daily_touches, ecommerce.rollup_daily_time_to_purchase
    TO clickstream_reconciler;
GRANT EXECUTE ON FUNCTION ecommerce.refresh_time_to_purchase_rollup(date, date) TO clickstream_reconciler;
