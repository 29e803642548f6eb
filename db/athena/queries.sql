-- Athena (engine v3, Trino SQL) queries over the raw events (create_tables.sql). Each starts with a
-- line `-- name: <query_name>`. Dates are literals: edit them to the days you want.
--
-- Partitions (dt, hour) are ARRIVAL time, UTC; event_ts is EVENT time in epoch milliseconds. A late
-- event lands in a later partition than its event time, so read partitions a little past the event-time
-- range, then filter on event_ts. Raw data holds duplicates (same event_id): count each once.


-- name: first_click_revenue_by_source
-- First-click attribution recomputed from the raw events (DESIGN §5, window W = 1 hour = 3600000 ms):
-- checkouts with event time in [2026-11-01, 2026-11-08) UTC, each credited to the traffic source of its
-- user's earliest click (ties by event_id) in [checkout - W, checkout]; checkouts without one are
-- 'unattributed'. After the nightly reconciliation this matches revenue_by_traffic_source in PostgreSQL
-- for the same days. Checkout partitions: the range plus 2 days of late arrivals; click partitions: from
-- one day before the range (the window reaches back) to 2 days after it.
WITH checkouts AS (
    SELECT event_id, user_id, event_ts, total_amount
    FROM (
        SELECT event_id, user_id, event_ts, total_amount,
               row_number() OVER (PARTITION BY event_id ORDER BY dt, hour) AS copy_no
        FROM clickstream.checkouts
        WHERE dt BETWEEN '2026-11-01' AND '2026-11-09'
          AND event_ts >= to_unixtime(TIMESTAMP '2026-11-01 00:00:00 UTC') * 1000
          AND event_ts <  to_unixtime(TIMESTAMP '2026-11-08 00:00:00 UTC') * 1000
    )
    WHERE copy_no = 1
), clicks AS (
    SELECT DISTINCT event_id, user_id, event_ts, traffic_source
    FROM clickstream.clicks
    WHERE dt BETWEEN '2026-10-31' AND '2026-11-09'
), ranked AS (
    SELECT co.event_id AS checkout_id,
           co.total_amount,
           cl.traffic_source,
           row_number() OVER (PARTITION BY co.event_id ORDER BY cl.event_ts, cl.event_id) AS click_rank
    FROM checkouts co
    LEFT JOIN clicks cl
      ON cl.user_id = co.user_id
     AND cl.event_ts BETWEEN co.event_ts - 3600000 AND co.event_ts
)
SELECT coalesce(traffic_source, 'unattributed') AS traffic_source,
       count(*)                                 AS checkouts,
       sum(total_amount)                        AS revenue
FROM ranked
WHERE click_rank = 1
GROUP BY coalesce(traffic_source, 'unattributed')
ORDER BY revenue DESC;


-- name: events_per_hour
-- What landed per arrival hour on one day, per event type: records, distinct events, duplicate records,
-- and how many arrived more than an hour after their event time (the stream's allowed lateness is 5
-- minutes, so these are the events the nightly reconciler exists for).
WITH landed AS (
    SELECT 'click' AS event_type, dt, hour, event_id, event_ts FROM clickstream.clicks WHERE dt = '2026-11-07'
    UNION ALL
    SELECT 'checkout', dt, hour, event_id, event_ts FROM clickstream.checkouts WHERE dt = '2026-11-07'
)
SELECT event_type,
       dt,
       hour,
       count(*)                            AS records,
       count(DISTINCT event_id)            AS distinct_events,
       count(*) - count(DISTINCT event_id) AS duplicate_records,
       count_if(from_unixtime(event_ts / 1000) < date_parse(dt || ' ' || hour, '%Y-%m-%d %H') - INTERVAL '1' HOUR)
                                           AS landed_over_1h_late
FROM landed
GROUP BY event_type, dt, hour
ORDER BY event_type, dt, hour;


-- name: product_sales_from_items
-- Units and revenue per product from the checkouts' line items (UNNEST of the items array), deduplicated
-- by order id, for checkouts with event time in [2026-11-01, 2026-11-08) UTC.
WITH checkouts AS (
    SELECT event_id, items
    FROM (
        SELECT event_id, items, row_number() OVER (PARTITION BY event_id ORDER BY dt, hour) AS copy_no
        FROM clickstream.checkouts
        WHERE dt BETWEEN '2026-11-01' AND '2026-11-09'
          AND event_ts >= to_unixtime(TIMESTAMP '2026-11-01 00:00:00 UTC') * 1000
          AND event_ts <  to_unixtime(TIMESTAMP '2026-11-08 00:00:00 UTC') * 1000
    )
    WHERE copy_no = 1
)
SELECT i.product_id,
       arbitrary(i.product_name)          AS product_name,
       count(DISTINCT c.event_id)         AS checkouts,
       sum(i.quantity)                    AS units,
       sum(i.unit_price * i.quantity)     AS revenue
FROM checkouts c
-- UNNEST of an array of structs yields one column per struct field.
CROSS JOIN UNNEST(c.items) AS i (product_id, product_name, unit_price, quantity)
GROUP BY i.product_id
ORDER BY revenue DESC
LIMIT 20;
