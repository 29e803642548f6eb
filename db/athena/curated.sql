-- Athena (engine v3, Trino SQL) view and queries over the reconciler's curated dataset
-- (create_tables.sql: clickstream.curated_attributions, curated_touch_credits, curated_manifests;
-- layout in docs/reconciler.md, "The curated dataset"). Each statement starts with `-- name: <name>`.
--
-- Every reconciliation run writes its answers for its range under curated/ and, last, its manifest. Runs
-- overlap (each night re-reconciles the last days), so a checkout has one row per run that covered it:
-- the answer is the row of the NEWEST run that has a manifest (a run without one did not finish; its files
-- do not count). Query the view reconciled_attributions, not the table, for "the" answer.
--
-- dt is the checkout's UTC day ('2026-11-07'); times are epoch milliseconds (bigint), as in the raw tables.
-- The view picks the newest run per checkout over every dt (a checkout's day cannot change between runs
-- in practice, but the window must not depend on it), so a dt filter on the view reads all partitions of
-- the table: for large histories filter the table by dt in your own query and apply the same row_number().
-- Portable on purpose, like queries.sql: CuratedDatasetIT runs this file unchanged on DuckDB over the files
-- the reconciler wrote. One exception: Trino's array_join(array, separator), which DuckDB calls
-- array_to_string; the test defines array_join as a DuckDB macro for it.


-- name: reconciled_attributions
-- The view: one row per checkout, the newest finished run's answer.
CREATE OR REPLACE VIEW clickstream.reconciled_attributions AS
SELECT dt, run_id, checkout_id, user_id, session_id, checkout_ts, revenue, currency, payment_method, attributed,
       click_id, click_ts, traffic_source, campaign_id, device_type, product_id, product_category
FROM (
    SELECT a.*,
           row_number() OVER (PARTITION BY a.checkout_id ORDER BY a.run_id DESC) AS newest
    FROM clickstream.curated_attributions a
    WHERE a.run_id IN (SELECT run_id FROM clickstream.curated_manifests)
) ranked
WHERE newest = 1;


-- name: reconciled_checkouts_with_raw_click
-- Reconciled first-click answers of one day joined with the raw click they credit: the landing page and
-- product the customer first came in on, and the time from that click to the purchase. Raw clicks are
-- read from the arrival days around the checkout day (the click happened up to W before the checkout and
-- may have arrived late); copies of a click (same event_id and time) count once.
WITH raw_clicks AS (
    SELECT event_id, event_ts, min(page_url) AS page_url, min(product_name) AS product_name
    FROM clickstream.clicks
    WHERE dt BETWEEN '2026-11-06' AND '2026-11-08'
    GROUP BY event_id, event_ts
)
SELECT r.checkout_id,
       r.user_id,
       r.revenue,
       r.traffic_source,
       r.click_id,
       c.page_url,
       c.product_name,
       (r.checkout_ts - r.click_ts) / 1000 AS seconds_to_purchase
FROM clickstream.reconciled_attributions r
LEFT JOIN raw_clicks c ON c.event_id = r.click_id AND c.event_ts = r.click_ts
WHERE r.dt = '2026-11-07'
ORDER BY r.checkout_id;


-- name: reconciled_revenue_by_model_and_source
-- Revenue of one day's checkouts by attribution model and traffic source, from the newest finished run's
-- per-touch credits (each checkout's credits add up to its revenue under every model).
SELECT t.model,
       t.traffic_source,
       sum(t.revenue)  AS credited_revenue,
       sum(t.share)    AS credited_checkouts
FROM clickstream.curated_touch_credits t
JOIN clickstream.reconciled_attributions r ON r.checkout_id = t.checkout_id AND r.run_id = t.run_id
WHERE t.dt = '2026-11-07'
GROUP BY t.model, t.traffic_source
ORDER BY t.model, credited_revenue DESC;


-- name: reconciled_conversion_paths
-- Conversion paths of one day's checkouts from the newest finished run's touches: the traffic sources of
-- each checkout's touches (its clicks inside the window) in touch order, consecutive repeats once, joined
-- with ' > ', at most the last 10 steps behind '...' (ConversionPath in attribution-core; the same paths as
-- PostgreSQL's rollup_daily_conversion_paths). Every model has one credit row per touch: first_click's rows
-- are read. A checkout without a touch has one row, traffic_source 'unattributed': that is its path.
WITH touches AS (
    SELECT t.dt, t.checkout_id, t.touch_index, t.traffic_source, r.revenue,
           lag(t.traffic_source) OVER (PARTITION BY t.checkout_id ORDER BY t.touch_index) AS previous_source
    FROM clickstream.curated_touch_credits t
    JOIN clickstream.reconciled_attributions r ON r.checkout_id = t.checkout_id AND r.run_id = t.run_id
    WHERE t.dt = '2026-11-07' AND t.model = 'first_click'
), steps AS (
    SELECT dt, checkout_id, touch_index, traffic_source, revenue,
           row_number() OVER (PARTITION BY checkout_id ORDER BY touch_index DESC) AS from_end,
           count(*) OVER (PARTITION BY checkout_id)                                 AS step_count
    FROM touches
    WHERE previous_source IS NULL OR previous_source <> traffic_source
), paths AS (
    SELECT dt, checkout_id, max(revenue) AS revenue,
           CASE WHEN max(step_count) > 10 THEN '... > ' ELSE '' END
             || array_join(array_agg(traffic_source ORDER BY touch_index), ' > ') AS path
    FROM steps
    WHERE from_end <= 10
    GROUP BY dt, checkout_id
)
SELECT dt AS day, path, count(*) AS conversions, sum(revenue) AS revenue
FROM paths
GROUP BY dt, path
ORDER BY conversions DESC, revenue DESC, path;


-- name: explain_checkout
-- Why did one checkout get its credit? The SQL side of `explain` (docs/reconciler.md): the newest finished
-- answer for the checkout, and every raw click of its user from 2W before to W after it (W = 1 h =
-- 3600000 ms here; edit with the window), in rule order (event_ts, then event_id), each marked touch /
-- before_window / after_checkout, with its touch number, whether first-click credits it, and its credit
-- under each model from the run's touch credits. Raw clicks are read from the arrival days around the
-- checkout day (late clicks land in later partitions: widen dt for them); copies count once. A checkout
-- without any click near its window returns no row (reconciled_attributions shows it as unattributed).
WITH answer AS (
    SELECT checkout_id, user_id, checkout_ts, revenue, click_id, run_id
    FROM clickstream.reconciled_attributions
    WHERE checkout_id = 'o1'
), raw_clicks AS (
    SELECT DISTINCT c.event_id, c.event_ts, c.traffic_source
    FROM clickstream.clicks c
    JOIN answer a ON c.user_id = a.user_id
    WHERE c.dt BETWEEN '2026-11-06' AND '2026-11-08'
      AND c.event_ts BETWEEN a.checkout_ts - 2 * 3600000 AND a.checkout_ts + 3600000
), credits AS (
    SELECT t.touch_index, t.click_id,
           max(CASE WHEN t.model = 'first_click' THEN t.revenue END)           AS first_click,
           max(CASE WHEN t.model = 'last_click' THEN t.revenue END)            AS last_click,
           max(CASE WHEN t.model = 'linear' THEN t.revenue END)                AS linear,
           max(CASE WHEN t.model = 'time_decay' THEN t.revenue END)            AS time_decay,
           max(CASE WHEN t.model = 'position_based' THEN t.revenue END)        AS position_based,
           max(CASE WHEN t.model = 'last_non_direct_click' THEN t.revenue END) AS last_non_direct_click
    FROM clickstream.curated_touch_credits t
    JOIN answer a ON t.checkout_id = a.checkout_id AND t.run_id = a.run_id
    GROUP BY t.touch_index, t.click_id
)
SELECT a.checkout_id,
       a.user_id,
       a.checkout_ts,
       a.revenue,
       r.event_id AS click_id,
       r.event_ts,
       r.traffic_source,
       CASE WHEN r.event_ts < a.checkout_ts - 3600000 THEN 'before_window'
            WHEN r.event_ts > a.checkout_ts THEN 'after_checkout'
            ELSE 'touch' END                    AS position,
       k.touch_index + 1                        AS touch,
       coalesce(r.event_id = a.click_id, false) AS credited,
       k.first_click, k.last_click, k.linear, k.time_decay, k.position_based, k.last_non_direct_click
FROM answer a
CROSS JOIN raw_clicks r
LEFT JOIN credits k ON k.click_id = r.event_id
ORDER BY r.event_ts, r.event_id;
