-- Athena (engine v3) tables over the raw events in S3, as Firehose (or locally the raw-landing writer)
-- writes them: Parquet, one prefix per event type, Hive-style partitions by ARRIVAL time (UTC):
--   s3://<bucket>/raw/click/dt=YYYY-MM-DD/hour=HH/...
--   s3://<bucket>/raw/checkout/dt=YYYY-MM-DD/hour=HH/...
-- The CDK data stack creates the same tables in the Glue catalog (database "clickstream", workgroup
-- <prefix>-analysts); this file is for a manual set-up or another account. Replace <bucket> with the raw
-- bucket (stack output RawBucketName) before running.
--
-- Columns = raw-store's GlueColumns of the Avro contract (attribution-core/src/main/avro/*.avsc), same
-- names, same order -- the one mapping the CDK Glue tables use too (AthenaDdlTest keeps this file equal):
--   event_ts        timestamp-millis  -> bigint (epoch milliseconds UTC; never INT96, never a string)
--   product_price   decimal(10,2)     -> decimal(10,2)
--   total_amount    decimal(12,2)     -> decimal(12,2)
--   items           array<LineItem>   -> array<struct<...>>
--   campaign_id     ["null","string"] -> string (nullable)
--
-- Partition projection computes the partitions from the path template, so no MSCK REPAIR / Glue
-- crawler is needed and new hours are queryable as soon as Firehose writes them. dt is a string
-- 'YYYY-MM-DD' (compare it with string literals: dt BETWEEN '2026-11-01' AND '2026-11-07'); hour is a
-- two-digit string '00'..'23'. Always filter on dt (and hour) to bound the scan; remember a late event
-- sits in a LATER partition than its event time.

CREATE DATABASE IF NOT EXISTS clickstream;

CREATE EXTERNAL TABLE IF NOT EXISTS clickstream.clicks (
    event_id         string,
    event_type       string,
    user_id          string,
    session_id       string,
    product_id       string,
    product_name     string,
    product_category string,
    product_price    decimal(10,2),
    traffic_source   string,
    campaign_id      string,
    device_type      string,
    page_url         string,
    event_ts         bigint
)
COMMENT 'Raw click events as received (duplicates included), partitioned by arrival time'
PARTITIONED BY (dt string, hour string)
STORED AS PARQUET
LOCATION 's3://<bucket>/raw/click/'
TBLPROPERTIES (
    'parquet.compression'             = 'SNAPPY',
    'projection.enabled'              = 'true',
    'projection.dt.type'              = 'date',
    'projection.dt.format'            = 'yyyy-MM-dd',
    'projection.dt.range'             = '2025-01-01,NOW',
    'projection.dt.interval'          = '1',
    'projection.dt.interval.unit'     = 'DAYS',
    'projection.hour.type'            = 'integer',
    'projection.hour.range'           = '0,23',
    'projection.hour.digits'          = '2',
    'storage.location.template'       = 's3://<bucket>/raw/click/dt=${dt}/hour=${hour}/'
);

CREATE EXTERNAL TABLE IF NOT EXISTS clickstream.checkouts (
    event_id       string,
    event_type     string,
    user_id        string,
    session_id     string,
    items          array<struct<product_id:string, product_name:string, unit_price:decimal(10,2), quantity:int>>,
    total_amount   decimal(12,2),
    currency       string,
    payment_method string,
    event_ts       bigint
)
COMMENT 'Raw checkout events (event_id = order id) as received (duplicates included), partitioned by arrival time'
PARTITIONED BY (dt string, hour string)
STORED AS PARQUET
LOCATION 's3://<bucket>/raw/checkout/'
TBLPROPERTIES (
    'parquet.compression'             = 'SNAPPY',
    'projection.enabled'              = 'true',
    'projection.dt.type'              = 'date',
    'projection.dt.format'            = 'yyyy-MM-dd',
    'projection.dt.range'             = '2025-01-01,NOW',
    'projection.dt.interval'          = '1',
    'projection.dt.interval.unit'     = 'DAYS',
    'projection.hour.type'            = 'integer',
    'projection.hour.range'           = '0,23',
    'projection.hour.digits'          = '2',
    'storage.location.template'       = 's3://<bucket>/raw/checkout/dt=${dt}/hour=${hour}/'
);
