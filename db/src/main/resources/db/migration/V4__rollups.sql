-- Rollups: small pre-aggregated tables for dashboards and for the analyst queries that need data
-- PostgreSQL does not hold row by row (clicks, multi-touch credit).
-- Every rollup is keyed by its time bucket (UTC) plus its dimensions and is refreshed by replacing
-- whole days, so a refresh is idempotent and a group that disappeared (e.g. a corrected source) goes away.
-- Dimension values that can be missing are stored as 'unknown' (primary keys cannot hold nulls).

CREATE TABLE ecommerce.rollup_hourly_source_device (
    hour                 timestamptz   NOT NULL,
    traffic_source       text          NOT NULL,
    device_type          text          NOT NULL,
    checkouts            bigint        NOT NULL CHECK (checkouts >= 0),
    attributed_checkouts bigint        NOT NULL CHECK (attributed_checkouts >= 0),
    revenue              numeric(14,2) NOT NULL,
    refreshed_at         timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (hour, traffic_source, device_type)
);
COMMENT ON TABLE ecommerce.rollup_hourly_source_device IS
    'Checkouts and revenue per UTC hour of checkout_ts, first-click source and device (''unknown'' when unattributed). '
    'Derived from attributed_checkouts by ecommerce.refresh_checkout_rollups(), which the batch reconciler calls '
    'for the days it reconciled.';

CREATE TABLE ecommerce.rollup_daily_category (
    day          date          NOT NULL,
    category     text          NOT NULL,
    checkouts    bigint        NOT NULL CHECK (checkouts >= 0),
    units        bigint        NOT NULL CHECK (units >= 0),
    revenue      numeric(14,2) NOT NULL,
    refreshed_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (day, category)
);
COMMENT ON TABLE ecommerce.rollup_daily_category IS
    'Per UTC day of checkout_ts and product category (from products; ''unknown'' if the product is not there): '
    'checkouts containing the category, units and line revenue. Written by ecommerce.refresh_checkout_rollups().';
COMMENT ON COLUMN ecommerce.rollup_daily_category.checkouts IS 'Checkouts with at least one line in the category (a checkout can count in several categories).';

CREATE TABLE ecommerce.rollup_daily_product (
    day                     date          NOT NULL,
    product_id              text          NOT NULL,
    product_name            text          NOT NULL,
    category                text          NOT NULL,
    checkouts               bigint        NOT NULL CHECK (checkouts >= 0),
    units                   bigint        NOT NULL CHECK (units >= 0),
    revenue                 numeric(14,2) NOT NULL,
    first_click_conversions bigint        NOT NULL CHECK (first_click_conversions >= 0),
    refreshed_at            timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (day, product_id)
);
COMMENT ON TABLE ecommerce.rollup_daily_product IS
    'Per UTC day of checkout_ts and product: checkouts containing it, units, line revenue, and how many attributed '
    'checkouts had their first click on its page. Written by ecommerce.refresh_checkout_rollups().';

CREATE TABLE ecommerce.rollup_daily_segment (
    day                  date          NOT NULL,
    segment              text          NOT NULL,
    buyers               bigint        NOT NULL CHECK (buyers >= 0),
    checkouts            bigint        NOT NULL CHECK (checkouts >= 0),
    attributed_checkouts bigint        NOT NULL CHECK (attributed_checkouts >= 0),
    revenue              numeric(14,2) NOT NULL,
    refreshed_at         timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (day, segment)
);
COMMENT ON TABLE ecommerce.rollup_daily_segment IS
    'Per UTC day of checkout_ts and the buyer''s current segment (''unknown'' if not in users): distinct buyers, '
    'checkouts, attributed checkouts and revenue. Written by ecommerce.refresh_checkout_rollups().';

CREATE TABLE ecommerce.rollup_daily_model_source (
    day                date          NOT NULL,
    model              text          NOT NULL
        CHECK (model IN ('first_click', 'last_click', 'linear', 'time_decay', 'position_based')),
    traffic_source     text          NOT NULL,
    credited_revenue   numeric(14,2) NOT NULL,
    credited_checkouts numeric(14,4) NOT NULL CHECK (credited_checkouts >= 0),
    refreshed_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (day, model, traffic_source)
);
COMMENT ON TABLE ecommerce.rollup_daily_model_source IS
    'Multi-touch attribution: revenue and checkouts credited to each traffic source per UTC day of checkout_ts, '
    'under each model, over the same window and candidate clicks as first-click. Written by the batch reconciler '
    '(from raw clicks, which PostgreSQL does not hold), replacing whole days. Checkouts without candidates are '
    'credited to ''unattributed'' under every model, so for each model and day credited_revenue sums to the '
    'day''s revenue and credited_checkouts to its checkout count.';
COMMENT ON COLUMN ecommerce.rollup_daily_model_source.model IS
    'first_click, last_click: all credit to the first / last candidate. linear: equal shares. time_decay: weights '
    'halving with the click''s age (half-life set in the reconciler). position_based: 40% first, 40% last, 20% '
    'shared by the clicks in between (50/50 with two clicks, 100% with one).';
COMMENT ON COLUMN ecommerce.rollup_daily_model_source.credited_revenue IS
    'Per checkout, credits are rounded to cents so that they add up exactly to its revenue (largest remainder: '
    'the leftover cents go to the largest rounding remainders, the earlier click winning ties; MoneySplitter).';
COMMENT ON COLUMN ecommerce.rollup_daily_model_source.credited_checkouts IS 'Fractional: a checkout split over sources counts as the shares of 1.';

CREATE TABLE ecommerce.rollup_daily_clicks (
    day            date        NOT NULL,
    traffic_source text        NOT NULL,
    device_type    text        NOT NULL,
    clicks         bigint      NOT NULL CHECK (clicks >= 0),
    sessions       bigint      NOT NULL CHECK (sessions >= 0 AND sessions <= clicks),
    users          bigint      NOT NULL CHECK (users >= 0 AND users <= sessions),
    refreshed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (day, traffic_source, device_type)
);
COMMENT ON TABLE ecommerce.rollup_daily_clicks IS
    'Deduplicated clicks per UTC day of click event_ts, traffic source and device, with the distinct sessions and '
    'users that clicked in that group. Written by the batch reconciler from raw clicks (PostgreSQL keeps no click '
    'rows), replacing whole days; so the latest day is only as fresh as the last reconciliation. '
    'Sessions and users are distinct within a group: summing them over groups counts a session once per group it touched.';

CREATE TABLE ecommerce.rollup_daily_product_clicks (
    day          date        NOT NULL,
    product_id   text        NOT NULL,
    category     text        NOT NULL,
    clicks       bigint      NOT NULL CHECK (clicks >= 0),
    sessions     bigint      NOT NULL CHECK (sessions >= 0 AND sessions <= clicks),
    refreshed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (day, product_id)
);
COMMENT ON TABLE ecommerce.rollup_daily_product_clicks IS
    'Deduplicated clicks per UTC day of click event_ts and product page, with the distinct sessions that viewed it. '
    'Written by the batch reconciler from raw clicks, replacing whole days. Kept apart from rollup_daily_clicks '
    'because a session that views several products would otherwise be counted once per product there.';

-- The one place that knows how the checkout-derived rollups are computed. Replaces the given UTC days
-- (inclusive) from attributed_checkouts, checkout_items, products and users. Safe to call twice and
-- concurrently (serialised by a transaction-scoped advisory lock).
CREATE FUNCTION ecommerce.refresh_checkout_rollups(p_from_day date, p_to_day date)
    RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    v_from timestamptz := p_from_day::timestamp AT TIME ZONE 'UTC';
    v_to   timestamptz := (p_to_day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
    IF p_from_day IS NULL OR p_to_day IS NULL OR p_from_day > p_to_day THEN
        RAISE EXCEPTION 'refresh_checkout_rollups: invalid day range % .. %', p_from_day, p_to_day;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('ecommerce.refresh_checkout_rollups'));

    DELETE FROM ecommerce.rollup_hourly_source_device WHERE hour >= v_from AND hour < v_to;
    INSERT INTO ecommerce.rollup_hourly_source_device (hour, traffic_source, device_type, checkouts, attributed_checkouts, revenue)
    SELECT date_trunc('hour', c.checkout_ts, 'UTC'), c.traffic_source, coalesce(c.device_type, 'unknown'),
           count(*), count(*) FILTER (WHERE c.attributed), sum(c.revenue)
    FROM ecommerce.attributed_checkouts c
    WHERE c.checkout_ts >= v_from AND c.checkout_ts < v_to
    GROUP BY 1, 2, 3;

    DELETE FROM ecommerce.rollup_daily_category WHERE day BETWEEN p_from_day AND p_to_day;
    INSERT INTO ecommerce.rollup_daily_category (day, category, checkouts, units, revenue)
    SELECT (c.checkout_ts AT TIME ZONE 'UTC')::date, coalesce(p.category, 'unknown'),
           count(DISTINCT c.checkout_id), sum(i.quantity), sum(i.line_amount)
    FROM ecommerce.attributed_checkouts c
    JOIN ecommerce.checkout_items i ON i.checkout_id = c.checkout_id
    LEFT JOIN ecommerce.products p ON p.product_id = i.product_id
    WHERE c.checkout_ts >= v_from AND c.checkout_ts < v_to
    GROUP BY 1, 2;

    DELETE FROM ecommerce.rollup_daily_product WHERE day BETWEEN p_from_day AND p_to_day;
    INSERT INTO ecommerce.rollup_daily_product
        (day, product_id, product_name, category, checkouts, units, revenue, first_click_conversions)
    WITH sold AS (
        SELECT (c.checkout_ts AT TIME ZONE 'UTC')::date AS day, i.product_id,
               min(i.product_name) AS product_name,
               count(DISTINCT c.checkout_id) AS checkouts, sum(i.quantity) AS units, sum(i.line_amount) AS revenue
        FROM ecommerce.attributed_checkouts c
        JOIN ecommerce.checkout_items i ON i.checkout_id = c.checkout_id
        WHERE c.checkout_ts >= v_from AND c.checkout_ts < v_to
        GROUP BY 1, 2
    ), landed AS (
        SELECT (c.checkout_ts AT TIME ZONE 'UTC')::date AS day, c.first_product_id AS product_id,
               min(c.first_product_category) AS category, count(*) AS first_click_conversions
        FROM ecommerce.attributed_checkouts c
        WHERE c.attributed AND c.checkout_ts >= v_from AND c.checkout_ts < v_to
        GROUP BY 1, 2
    )
    SELECT day, product_id,
           coalesce(p.name, sold.product_name, 'unknown'),
           coalesce(p.category, landed.category, 'unknown'),
           coalesce(sold.checkouts, 0), coalesce(sold.units, 0), coalesce(sold.revenue, 0),
           coalesce(landed.first_click_conversions, 0)
    FROM sold
    FULL JOIN landed USING (day, product_id)
    LEFT JOIN ecommerce.products p USING (product_id);

    DELETE FROM ecommerce.rollup_daily_segment WHERE day BETWEEN p_from_day AND p_to_day;
    INSERT INTO ecommerce.rollup_daily_segment (day, segment, buyers, checkouts, attributed_checkouts, revenue)
    SELECT (c.checkout_ts AT TIME ZONE 'UTC')::date, coalesce(u.segment, 'unknown'),
           count(DISTINCT c.user_id), count(*), count(*) FILTER (WHERE c.attributed), sum(c.revenue)
    FROM ecommerce.attributed_checkouts c
    LEFT JOIN ecommerce.users u ON u.user_id = c.user_id
    WHERE c.checkout_ts >= v_from AND c.checkout_ts < v_to
    GROUP BY 1, 2;
END;
$$;

COMMENT ON FUNCTION ecommerce.refresh_checkout_rollups(date, date) IS
    'Recomputes rollup_hourly_source_device, rollup_daily_category, rollup_daily_product and rollup_daily_segment '
    'for the UTC days p_from_day..p_to_day (inclusive) by replacing those days. Called by the batch reconciler '
    'after it corrected those days; idempotent.';
