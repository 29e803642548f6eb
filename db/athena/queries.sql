-- Athena (engine v3, Trino SQL) queries over the raw events (create_tables.sql; workgroup <prefix>-analysts).
-- Each starts with a line `-- name: <query_name>`. Dates are literals: edit them to the days you want.
--
-- Partitions (dt, hour) are ARRIVAL time, UTC, both strings ('2026-11-07', '04'); event_ts is EVENT time
-- in epoch milliseconds. A late event lands in a later partition than its event time, so read partitions
-- a little past the event-time range, then filter on event_ts. Raw data holds duplicates (same event_id):
-- count each once.
--
-- Portable on purpose: only SQL that Athena (Trino) and DuckDB both run the same way, so AthenaQueriesTest
-- runs every query on DuckDB over a raw layout written by the project's Parquet writer. Hence day
-- boundaries in epoch millis are written date_diff('day', DATE '1970-01-01', DATE 'YYYY-MM-DD') * 86400000
-- (no to_unixtime / epoch_ms), and the arrival hour of a partition is
-- date_diff('day', DATE '1970-01-01', CAST(dt AS DATE)) * 86400000 + CAST(hour AS INTEGER) * 3600000.


-- name: events_per_hour
-- What landed per arrival hour on one day, per event type: records, distinct events and duplicate records.
WITH landed AS (
    SELECT 'click' AS event_type, dt, hour, event_id FROM clickstream.clicks WHERE dt = '2026-11-07'
    UNION ALL
    SELECT 'checkout' AS event_type, dt, hour, event_id FROM clickstream.checkouts WHERE dt = '2026-11-07'
)
SELECT event_type,
       dt,
       hour,
       count(*)                            AS records,
       count(DISTINCT event_id)            AS distinct_events,
       count(*) - count(DISTINCT event_id) AS duplicate_records
FROM landed
GROUP BY event_type, dt, hour
ORDER BY event_type, dt, hour;


-- name: late_arrival_histogram
-- How late events arrive: for each event type, the number of records per "hours late" = arrival hour
-- (the dt/hour partition) minus the hour of the event time. 0 = landed in its own hour; 1 = the next hour
-- (often just a buffer boundary); 2 and more = the late events the nightly reconciler exists for (the
-- stream drops events older than its 5-minute allowed lateness). A negative value means the producer's
-- clock ran ahead. Arrivals of one day (edit the dt range).
WITH landed AS (
    SELECT 'click' AS event_type, dt, hour, event_ts FROM clickstream.clicks
    WHERE dt BETWEEN '2026-11-07' AND '2026-11-07'
    UNION ALL
    SELECT 'checkout' AS event_type, dt, hour, event_ts FROM clickstream.checkouts
    WHERE dt BETWEEN '2026-11-07' AND '2026-11-07'
), lateness AS (
    SELECT event_type,
           date_diff('day', DATE '1970-01-01', CAST(dt AS DATE)) * 86400000
               + CAST(hour AS INTEGER) * 3600000 AS arrival_hour_ms,
           event_ts - (event_ts % 3600000)       AS event_hour_ms
    FROM landed
)
SELECT event_type,
       CAST((arrival_hour_ms - event_hour_ms) / 3600000 AS BIGINT) AS hours_late,
       count(*)                                                    AS records
FROM lateness
GROUP BY event_type, CAST((arrival_hour_ms - event_hour_ms) / 3600000 AS BIGINT)
ORDER BY event_type, hours_late;


-- name: duplicate_check
-- Event ids that landed more than once (producer retries, replays): how many copies, the first and last
-- arrival partition, and whether the copies disagree (a different event time or amount under the same id
-- is a producer bug, not a retry). Duplicates are expected and harmless (every consumer counts an id
-- once); conflicting copies are not.
WITH copies AS (
    SELECT 'click' AS event_type, event_id, dt || ' ' || hour AS arrival, event_ts,
           CAST(product_price AS VARCHAR) AS amount
    FROM clickstream.clicks WHERE dt BETWEEN '2026-11-01' AND '2026-11-08'
    UNION ALL
    SELECT 'checkout' AS event_type, event_id, dt || ' ' || hour AS arrival, event_ts,
           CAST(total_amount AS VARCHAR) AS amount
    FROM clickstream.checkouts WHERE dt BETWEEN '2026-11-01' AND '2026-11-08'
)
SELECT event_type,
       event_id,
       count(*)                                   AS copies,
       min(arrival)                               AS first_arrival,
       max(arrival)                               AS last_arrival,
       count(DISTINCT event_ts) > 1
           OR count(DISTINCT amount) > 1          AS conflicting
FROM copies
GROUP BY event_type, event_id
HAVING count(*) > 1
ORDER BY copies DESC, event_type, event_id
LIMIT 1000;


-- name: sessions_per_source
-- Sessions, users and clicks per traffic source for clicks with event time in [2026-11-01, 2026-11-08)
-- UTC, and how many of those sessions ended in a checkout (same session_id). Click partitions: the range
-- plus 2 days of late arrivals; duplicates count once (DISTINCT).
WITH clicks AS (
    SELECT DISTINCT event_id, user_id, session_id, traffic_source
    FROM clickstream.clicks
    WHERE dt BETWEEN '2026-11-01' AND '2026-11-09'
      AND event_ts >= date_diff('day', DATE '1970-01-01', DATE '2026-11-01') * 86400000
      AND event_ts <  date_diff('day', DATE '1970-01-01', DATE '2026-11-08') * 86400000
), checkout_sessions AS (
    SELECT DISTINCT session_id
    FROM clickstream.checkouts
    WHERE dt BETWEEN '2026-11-01' AND '2026-11-09'
)
SELECT c.traffic_source,
       count(DISTINCT c.session_id)                                            AS sessions,
       count(DISTINCT c.user_id)                                               AS users,
       count(DISTINCT c.event_id)                                              AS clicks,
       round(CAST(count(DISTINCT c.event_id) AS DOUBLE) / count(DISTINCT c.session_id), 2)
                                                                               AS clicks_per_session,
       count(DISTINCT s.session_id)                                            AS converting_sessions
FROM clicks c
LEFT JOIN checkout_sessions s ON s.session_id = c.session_id
GROUP BY c.traffic_source
ORDER BY sessions DESC, c.traffic_source;


-- name: first_click_revenue_by_source
-- First-click attribution recomputed from the raw events (docs/attribution.md; window W = 1 hour =
-- 3600000 ms, both ends inclusive): checkouts with event time in [2026-11-01, 2026-11-08) UTC, each
-- credited to the traffic source of its user's earliest click (ties by event_id, code-point order) in
-- [checkout - W, checkout]; checkouts without one are 'unattributed'. After the nightly reconciliation
-- this matches revenue by traffic source in PostgreSQL for the same days. Checkout partitions: the range
-- plus 2 days of late arrivals; click partitions: from one day before the range (the window reaches
-- back) to 2 days after it.
WITH checkouts AS (
    SELECT event_id, user_id, event_ts, total_amount
    FROM (
        SELECT event_id, user_id, event_ts, total_amount,
               row_number() OVER (PARTITION BY event_id ORDER BY dt, hour) AS copy_no
        FROM clickstream.checkouts
        WHERE dt BETWEEN '2026-11-01' AND '2026-11-09'
          AND event_ts >= date_diff('day', DATE '1970-01-01', DATE '2026-11-01') * 86400000
          AND event_ts <  date_diff('day', DATE '1970-01-01', DATE '2026-11-08') * 86400000
    ) deduplicated
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
ORDER BY revenue DESC, traffic_source;
