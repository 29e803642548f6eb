-- Analyst queries over the ecommerce schema (PostgreSQL 17). Each query starts with a line
-- `-- name: <query_name>` followed by comments saying what it answers; run one in psql by copying it,
-- or all of them with `psql -f db/queries/sample_queries.sql`. They run as they are; to change the
-- period, edit the interval in the query.
--
-- Conventions:
-- * Periods are whole UTC days: "the last 30 days" = the 30 UTC days up to and including today.
-- * attributed_checkouts is live (the streaming job writes it within seconds, the nightly reconciler
--   corrects it). The click rollups and the multi-touch rollup come from the raw events and are written
--   by the reconciler, so they lag by up to a day; queries that compare clicks with checkouts restrict
--   both to the days the click rollup covers.
-- * Revenue is summed as stored: one reporting currency is assumed (the generator emits USD).
-- * Checkouts without a click in the window count under traffic_source 'unattributed', so revenue
--   per source always adds up to total revenue.


-- name: revenue_by_traffic_source
-- (1) Which traffic sources bring the revenue? Checkouts and revenue credited by first click to each
-- source over the last 30 days, with average order value and share of revenue.
SELECT c.traffic_source,
       count(*)                 AS checkouts,
       sum(c.revenue)           AS revenue,
       round(avg(c.revenue), 2) AS avg_order_value,
       round(100 * sum(c.revenue) / nullif(sum(sum(c.revenue)) OVER (), 0), 2) AS revenue_share_pct
FROM ecommerce.attributed_checkouts c
WHERE c.checkout_ts >= date_trunc('day', now(), 'UTC') - interval '29 days'
GROUP BY c.traffic_source
ORDER BY revenue DESC, c.traffic_source;


-- name: time_to_purchase
-- (2) How long after their first click do customers buy? Percentiles and a histogram of the time from
-- the first click to the checkout, per traffic source and over all sources (last row), over the last
-- 30 days. Unattributed checkouts have no first click and are left out.
SELECT coalesce(c.traffic_source, '(all sources)') AS traffic_source,
       count(*) AS attributed_checkouts,
       round((percentile_cont(0.50) WITHIN GROUP (ORDER BY c.time_to_purchase_seconds))::numeric / 60, 1) AS p50_minutes,
       round((percentile_cont(0.90) WITHIN GROUP (ORDER BY c.time_to_purchase_seconds))::numeric / 60, 1) AS p90_minutes,
       round((percentile_cont(0.99) WITHIN GROUP (ORDER BY c.time_to_purchase_seconds))::numeric / 60, 1) AS p99_minutes,
       round(avg(c.time_to_purchase_seconds) / 60, 1) AS avg_minutes,
       count(*) FILTER (WHERE c.time_to_purchase_seconds < 60)                                          AS under_1_min,
       count(*) FILTER (WHERE c.time_to_purchase_seconds >= 60 AND c.time_to_purchase_seconds < 300)    AS from_1_to_5_min,
       count(*) FILTER (WHERE c.time_to_purchase_seconds >= 300 AND c.time_to_purchase_seconds < 900)   AS from_5_to_15_min,
       count(*) FILTER (WHERE c.time_to_purchase_seconds >= 900 AND c.time_to_purchase_seconds < 1800)  AS from_15_to_30_min,
       count(*) FILTER (WHERE c.time_to_purchase_seconds >= 1800)                                       AS over_30_min
FROM ecommerce.attributed_checkouts c
WHERE c.attributed
  AND c.checkout_ts >= date_trunc('day', now(), 'UTC') - interval '29 days'
GROUP BY GROUPING SETS ((c.traffic_source), ())
ORDER BY GROUPING(c.traffic_source), attributed_checkouts DESC, c.traffic_source;


-- name: category_performance
-- (3) Which product categories sell? Per category (from the catalog; 'unknown' for products not in
-- it): checkouts containing the category, units, line revenue, share of revenue and how many of those
-- checkouts were attributed, over the last 30 days. Line revenue adds up to total revenue.
SELECT coalesce(p.category, 'unknown')                            AS category,
       count(DISTINCT c.checkout_id)                              AS checkouts,
       sum(i.quantity)                                            AS units,
       sum(i.line_amount)                                         AS revenue,
       round(100 * sum(i.line_amount) / nullif(sum(sum(i.line_amount)) OVER (), 0), 2) AS revenue_share_pct,
       round(sum(i.line_amount) / nullif(sum(i.quantity), 0), 2)  AS avg_unit_price,
       count(DISTINCT c.checkout_id) FILTER (WHERE c.attributed)  AS attributed_checkouts
FROM ecommerce.attributed_checkouts c
JOIN ecommerce.checkout_items i ON i.checkout_id = c.checkout_id
LEFT JOIN ecommerce.products p ON p.product_id = i.product_id
WHERE c.checkout_ts >= date_trunc('day', now(), 'UTC') - interval '29 days'
GROUP BY coalesce(p.category, 'unknown')
ORDER BY revenue DESC, category;


-- name: device_conversion
-- (4) Which devices convert? Clicks and click sessions per device (rollup_daily_clicks) against the
-- attributed checkouts whose first click was made on that device within the same UTC days: the days the
-- click rollup covers within the last 30. Checkouts without a click have no device and are not counted.
-- Sessions are summed over traffic sources, so a session that came in through two sources counts twice.
WITH covered AS (
    SELECT min(day) AS first_day, max(day) AS last_day
    FROM ecommerce.rollup_daily_clicks
    WHERE day >= (now() AT TIME ZONE 'UTC')::date - 29
), clicks AS (
    SELECT k.device_type, sum(k.clicks) AS clicks, sum(k.sessions) AS sessions
    FROM ecommerce.rollup_daily_clicks k
    JOIN covered ON k.day BETWEEN covered.first_day AND covered.last_day
    GROUP BY k.device_type
), conversions AS (
    SELECT c.device_type, count(*) AS checkouts, sum(c.revenue) AS revenue
    FROM ecommerce.attributed_checkouts c
    JOIN covered ON c.click_ts >= covered.first_day::timestamp AT TIME ZONE 'UTC'
                AND c.click_ts <  (covered.last_day + 1)::timestamp AT TIME ZONE 'UTC'
    WHERE c.attributed
    GROUP BY c.device_type
)
SELECT coalesce(k.device_type, v.device_type)                          AS device_type,
       coalesce(k.clicks, 0)                                           AS clicks,
       coalesce(k.sessions, 0)                                         AS sessions,
       coalesce(v.checkouts, 0)                                        AS attributed_checkouts,
       coalesce(v.revenue, 0)                                          AS revenue,
       round(100.0 * coalesce(v.checkouts, 0) / nullif(k.clicks, 0), 2)   AS checkouts_per_100_clicks,
       round(100.0 * coalesce(v.checkouts, 0) / nullif(k.sessions, 0), 2) AS session_conversion_pct,
       round(coalesce(v.revenue, 0) / nullif(k.clicks, 0), 2)          AS revenue_per_click
FROM clicks k
FULL JOIN conversions v ON v.device_type = k.device_type
ORDER BY session_conversion_pct DESC NULLS LAST, device_type;


-- name: hourly_revenue_trend
-- (5) How does revenue move through the day? Checkouts and revenue per UTC hour over the last 7 days
-- (168 hours, the current one included, hours without sales shown as 0), with a trailing 24-hour sum.
WITH hours AS (
    SELECT generate_series(date_trunc('hour', now(), 'UTC') - interval '167 hours',
                           date_trunc('hour', now(), 'UTC'),
                           interval '1 hour') AS hour
), sales AS (
    SELECT date_trunc('hour', c.checkout_ts, 'UTC') AS hour,
           count(*)                                 AS checkouts,
           count(*) FILTER (WHERE c.attributed)     AS attributed_checkouts,
           sum(c.revenue)                           AS revenue
    FROM ecommerce.attributed_checkouts c
    WHERE c.checkout_ts >= date_trunc('hour', now(), 'UTC') - interval '167 hours'
    GROUP BY 1
)
SELECT h.hour,
       coalesce(s.checkouts, 0)            AS checkouts,
       coalesce(s.attributed_checkouts, 0) AS attributed_checkouts,
       coalesce(s.revenue, 0)              AS revenue,
       sum(coalesce(s.revenue, 0)) OVER (ORDER BY h.hour ROWS BETWEEN 23 PRECEDING AND CURRENT ROW) AS revenue_trailing_24h
FROM hours h
LEFT JOIN sales s ON s.hour = h.hour
ORDER BY h.hour;


-- name: customer_segment_performance
-- (6) Which customer segments buy, and how much? Per segment (users.segment; 'unknown' for buyers not
-- in users): segment size, buyers, share of the segment that bought, checkouts, revenue, average order
-- value, revenue per buyer and share of attributed checkouts, over the last 30 days.
WITH purchases AS (
    SELECT coalesce(u.segment, 'unknown')        AS segment,
           count(DISTINCT c.user_id)             AS buyers,
           count(*)                              AS checkouts,
           count(*) FILTER (WHERE c.attributed)  AS attributed_checkouts,
           sum(c.revenue)                        AS revenue
    FROM ecommerce.attributed_checkouts c
    LEFT JOIN ecommerce.users u ON u.user_id = c.user_id
    WHERE c.checkout_ts >= date_trunc('day', now(), 'UTC') - interval '29 days'
    GROUP BY 1
), segments AS (
    SELECT segment, count(*) AS users, round(avg(lifetime_value), 2) AS avg_lifetime_value
    FROM ecommerce.users
    GROUP BY segment
)
SELECT coalesce(p.segment, s.segment)                                        AS segment,
       coalesce(s.users, 0)                                                  AS segment_users,
       coalesce(p.buyers, 0)                                                 AS buyers,
       round(100.0 * coalesce(p.buyers, 0) / nullif(s.users, 0), 2)          AS buyer_pct,
       coalesce(p.checkouts, 0)                                              AS checkouts,
       coalesce(p.revenue, 0)                                                AS revenue,
       round(p.revenue / nullif(p.checkouts, 0), 2)                          AS avg_order_value,
       round(p.revenue / nullif(p.buyers, 0), 2)                             AS revenue_per_buyer,
       round(100.0 * p.attributed_checkouts / nullif(p.checkouts, 0), 2)     AS attributed_pct,
       s.avg_lifetime_value
FROM purchases p
FULL JOIN segments s ON s.segment = p.segment
ORDER BY revenue DESC, segment;


-- name: top_converting_products
-- (7) Which products convert best? The 10 products in the most checkouts over the last 30 days (ties:
-- more revenue, then product id), with units, line revenue, how many attributed checkouts began with a
-- click on the product's page, its clicks and click sessions (rollup_daily_product_clicks, which lags
-- by up to a day) and checkouts per 100 of those sessions.
WITH sold AS (
    SELECT i.product_id,
           min(i.product_name)           AS product_name,
           count(DISTINCT c.checkout_id) AS checkouts,
           sum(i.quantity)               AS units,
           sum(i.line_amount)            AS revenue
    FROM ecommerce.attributed_checkouts c
    JOIN ecommerce.checkout_items i ON i.checkout_id = c.checkout_id
    WHERE c.checkout_ts >= date_trunc('day', now(), 'UTC') - interval '29 days'
    GROUP BY i.product_id
), landed AS (
    SELECT c.first_product_id AS product_id, count(*) AS first_click_checkouts
    FROM ecommerce.attributed_checkouts c
    WHERE c.attributed
      AND c.checkout_ts >= date_trunc('day', now(), 'UTC') - interval '29 days'
    GROUP BY c.first_product_id
), viewed AS (
    SELECT product_id, sum(clicks) AS clicks, sum(sessions) AS sessions
    FROM ecommerce.rollup_daily_product_clicks
    WHERE day >= (now() AT TIME ZONE 'UTC')::date - 29
    GROUP BY product_id
)
SELECT s.product_id,
       coalesce(p.name, s.product_name)                         AS product_name,
       coalesce(p.category, 'unknown')                          AS category,
       s.checkouts,
       s.units,
       s.revenue,
       coalesce(l.first_click_checkouts, 0)                     AS first_click_checkouts,
       coalesce(v.clicks, 0)                                    AS clicks,
       coalesce(v.sessions, 0)                                  AS sessions,
       round(100.0 * s.checkouts / nullif(v.sessions, 0), 2)    AS checkouts_per_100_sessions
FROM sold s
LEFT JOIN landed l ON l.product_id = s.product_id
LEFT JOIN viewed v ON v.product_id = s.product_id
LEFT JOIN ecommerce.products p ON p.product_id = s.product_id
ORDER BY s.checkouts DESC, s.revenue DESC, s.product_id
LIMIT 10;


-- name: click_to_conversion_funnel
-- (8) How many clicks end in a purchase? Four stages over the days the click rollup covers within the
-- last 30: clicks -> click sessions -> checkouts -> checkouts attributed to a click, each with its share
-- of the previous stage and of the clicks. Stages 1 >= 2 and 3 >= 4 hold by construction; 2 >= 3 holds
-- because orders are far rarer than click sessions (it is not enforced: a checkout with no click at all
-- counts in stage 3 without a session in stage 2).
WITH covered AS (
    SELECT min(day) AS first_day, max(day) AS last_day
    FROM ecommerce.rollup_daily_clicks
    WHERE day >= (now() AT TIME ZONE 'UTC')::date - 29
), clicks AS (
    SELECT sum(k.clicks) AS clicks, sum(k.sessions) AS sessions
    FROM ecommerce.rollup_daily_clicks k
    JOIN covered ON k.day BETWEEN covered.first_day AND covered.last_day
), checkouts AS (
    SELECT count(*) AS checkouts, count(*) FILTER (WHERE c.attributed) AS attributed_checkouts
    FROM ecommerce.attributed_checkouts c
    JOIN covered ON c.checkout_ts >= covered.first_day::timestamp AT TIME ZONE 'UTC'
                AND c.checkout_ts <  (covered.last_day + 1)::timestamp AT TIME ZONE 'UTC'
), stages (stage_no, stage, total) AS (
    SELECT 1, 'clicks', coalesce(clicks, 0) FROM clicks
    UNION ALL SELECT 2, 'click_sessions', coalesce(sessions, 0) FROM clicks
    UNION ALL SELECT 3, 'checkouts', checkouts FROM checkouts
    UNION ALL SELECT 4, 'attributed_checkouts', attributed_checkouts FROM checkouts
)
SELECT stage_no,
       stage,
       total,
       round(100.0 * total / nullif(lag(total) OVER (ORDER BY stage_no), 0), 2)         AS pct_of_previous,
       round(100.0 * total / nullif(first_value(total) OVER (ORDER BY stage_no), 0), 2) AS pct_of_clicks
FROM stages
ORDER BY stage_no;


-- name: multi_touch_attribution
-- (9) How would credit move under other attribution models? Revenue credited to each traffic source
-- over the last 30 days by first-click, last-click, linear, time-decay, position-based (40/20/40) and
-- last non-direct click attribution (the last click not from 'direct', or the last click when all are),
-- side by side (rollup_daily_model_source, written by the nightly reconciler), with the last-click minus
-- first-click difference and a total row; every model's total is the same revenue.
SELECT coalesce(m.traffic_source, '(total)')                                                  AS traffic_source,
       coalesce(sum(m.credited_revenue) FILTER (WHERE m.model = 'first_click'), 0)            AS first_click,
       coalesce(sum(m.credited_revenue) FILTER (WHERE m.model = 'last_click'), 0)             AS last_click,
       coalesce(sum(m.credited_revenue) FILTER (WHERE m.model = 'linear'), 0)                 AS linear,
       coalesce(sum(m.credited_revenue) FILTER (WHERE m.model = 'time_decay'), 0)             AS time_decay,
       coalesce(sum(m.credited_revenue) FILTER (WHERE m.model = 'position_based'), 0)         AS position_based,
       coalesce(sum(m.credited_revenue) FILTER (WHERE m.model = 'last_non_direct_click'), 0)  AS last_non_direct_click,
       coalesce(sum(m.credited_revenue) FILTER (WHERE m.model = 'last_click'), 0)
         - coalesce(sum(m.credited_revenue) FILTER (WHERE m.model = 'first_click'), 0)        AS last_minus_first,
       coalesce(sum(m.credited_checkouts) FILTER (WHERE m.model = 'first_click'), 0)          AS first_click_checkouts
FROM ecommerce.rollup_daily_model_source m
WHERE m.day >= (now() AT TIME ZONE 'UTC')::date - 29
GROUP BY ROLLUP (m.traffic_source)
ORDER BY GROUPING(m.traffic_source), first_click DESC, traffic_source;


-- name: stream_metrics_last_15_minutes
-- (10) Is the stream keeping up right now? Per minute for the last 15 minutes (the current one
-- included; minutes without data shown as 0, so a stalled stream is visible), newest first: micro-batches
-- committed, events in, events per second, rejected and late-dropped events, checkouts written
-- attributed / unattributed and their revenue, summed over the streaming queries.
WITH minutes AS (
    SELECT generate_series(date_trunc('minute', now(), 'UTC') - interval '14 minutes',
                           date_trunc('minute', now(), 'UTC'),
                           interval '1 minute') AS minute
), metrics AS (
    SELECT minute,
           sum(events_in) AS events_in, sum(rejected) AS rejected, sum(late_dropped) AS late_dropped,
           sum(attributed) AS attributed, sum(unattributed) AS unattributed, sum(revenue) AS revenue
    FROM ecommerce.stream_metrics
    WHERE minute >= date_trunc('minute', now(), 'UTC') - interval '14 minutes'
    GROUP BY minute
), batches AS (
    SELECT date_trunc('minute', committed_at, 'UTC') AS minute, count(*) AS batches
    FROM ecommerce.stream_progress
    WHERE committed_at >= date_trunc('minute', now(), 'UTC') - interval '14 minutes'
    GROUP BY 1
)
SELECT m.minute,
       coalesce(b.batches, 0)                                     AS batches,
       coalesce(x.events_in, 0)                                   AS events_in,
       round(coalesce(x.events_in, 0) / 60.0, 1)                  AS events_per_second,
       coalesce(x.rejected, 0)                                    AS rejected,
       round(100.0 * x.rejected / nullif(x.events_in, 0), 2)      AS rejected_pct,
       coalesce(x.late_dropped, 0)                                AS late_dropped,
       coalesce(x.attributed, 0)                                  AS attributed,
       coalesce(x.unattributed, 0)                                AS unattributed,
       coalesce(x.revenue, 0)                                     AS revenue
FROM minutes m
LEFT JOIN metrics x ON x.minute = m.minute
LEFT JOIN batches b ON b.minute = m.minute
ORDER BY m.minute DESC;


-- name: top_conversion_paths
-- (11) Which sequences of traffic sources lead to purchases? Per UTC day of the last 7 days, the five
-- conversion paths with the most checkouts (then the most revenue, then the path), with their share of the
-- day's checkouts and revenue (rollup_daily_conversion_paths, written by the nightly reconciler). A path is
-- the sources of the checkout's clicks inside the window in click order, consecutive repeats once
-- ('google > email > direct'); checkouts without a click are the path 'unattributed'.
WITH days AS (
    SELECT p.day, p.path, p.conversions, p.revenue,
           sum(p.conversions) OVER (PARTITION BY p.day) AS day_conversions,
           sum(p.revenue) OVER (PARTITION BY p.day)     AS day_revenue,
           row_number() OVER (PARTITION BY p.day
                              ORDER BY p.conversions DESC, p.revenue DESC, p.path COLLATE "C") AS rank
    FROM ecommerce.rollup_daily_conversion_paths p
    WHERE p.day >= (now() AT TIME ZONE 'UTC')::date - 6
)
SELECT day,
       rank,
       path,
       conversions,
       revenue,
       round(100.0 * conversions / day_conversions, 2)       AS conversions_pct,
       round(100.0 * revenue / nullif(day_revenue, 0), 2)   AS revenue_pct
FROM days
WHERE rank <= 5
ORDER BY day DESC, rank;
