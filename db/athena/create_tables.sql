-- Athena (engine v3) tables over the raw events in S3 (and, at the end, over the reconciler's curated
-- dataset), as Firehose (or locally the raw-landing writer) writes them: Parquet, one prefix per event type, Hive-style partitions by ARRIVAL time (UTC):
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

-- ---------------------------------------------------------------------------------------------------
-- The reconciler's curated dataset, in the same bucket under curated/ (raw-store's CuratedLayout):
--   s3://<bucket>/curated/attributions/dt=YYYY-MM-DD/run-<12 digits>-bucket-<3 digits>.parquet
--   s3://<bucket>/curated/touch_credits/dt=YYYY-MM-DD/run-...-bucket-....parquet
--   s3://<bucket>/curated/manifests/run-<12 digits>.json      (one JSON object on one line per run)
-- (curated/rollup_partials/ is internal to the reconciler: no table.)
-- The CDK data stack creates the same three tables (CuratedDatasetCatalog); raw-store's CuratedTable is
-- the one list of their names, folders and columns, and AthenaDdlTest keeps this file equal to it.
--
-- Parquet columns = GlueColumns of the Avro records attribution-core/src/main/avro/curated/*.avsc (the
-- reconciler writes them with raw-store's RawParquetWriter: the same mapping as the raw files; boolean ->
-- boolean). dt is the CHECKOUT's UTC day (not an arrival time), projected like the raw tables. Each table
-- holds every run's rows: a run counts only once its manifest exists (it is written last), and a checkout's
-- answer is the latest such run's -- db/athena/curated.sql creates the view
-- clickstream.reconciled_attributions that picks it; query the view, not these tables, for answers.
--
-- The manifest table declares only the manifest's scalar keys; the nested ones (schema_fingerprints,
-- skipped, rows, files, applied) are ignored by the SerDe. `window` is a reserved word in Athena DDL,
-- hence the backquotes (in Glue the column is plain window). Times are ISO-8601 strings as written.

CREATE EXTERNAL TABLE IF NOT EXISTS clickstream.curated_attributions (
    run_id              bigint,
    bucket              int,
    checkout_id         string,
    user_id             string,
    session_id          string,
    checkout_ts         bigint,
    revenue             decimal(12,2),
    currency            string,
    payment_method      string,
    items               array<struct<product_id:string, product_name:string, unit_price:decimal(10,2), quantity:int>>,
    attributed          boolean,
    click_id            string,
    click_ts            bigint,
    traffic_source      string,
    campaign_id         string,
    device_type         string,
    product_id          string,
    product_category    string,
    checkout_arrival_ts bigint,
    checkout_copies     int,
    click_arrival_ts    bigint,
    click_copies        int
)
COMMENT 'Reconciled first-click attribution, one row per checkout and run, partitioned by the checkout UTC day'
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION 's3://<bucket>/curated/attributions/'
TBLPROPERTIES (
    'parquet.compression'             = 'SNAPPY',
    'projection.enabled'              = 'true',
    'projection.dt.type'              = 'date',
    'projection.dt.format'            = 'yyyy-MM-dd',
    'projection.dt.range'             = '2025-01-01,NOW',
    'projection.dt.interval'          = '1',
    'projection.dt.interval.unit'     = 'DAYS',
    'storage.location.template'       = 's3://<bucket>/curated/attributions/dt=${dt}/'
);

CREATE EXTERNAL TABLE IF NOT EXISTS clickstream.curated_touch_credits (
    run_id         bigint,
    checkout_id    string,
    checkout_ts    bigint,
    model          string,
    touch_index    int,
    click_id       string,
    traffic_source string,
    revenue        decimal(12,2),
    share          decimal(10,4)
)
COMMENT 'Multi-touch credits, one row per (checkout, model, touch) and run, partitioned by the checkout UTC day'
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION 's3://<bucket>/curated/touch_credits/'
TBLPROPERTIES (
    'parquet.compression'             = 'SNAPPY',
    'projection.enabled'              = 'true',
    'projection.dt.type'              = 'date',
    'projection.dt.format'            = 'yyyy-MM-dd',
    'projection.dt.range'             = '2025-01-01,NOW',
    'projection.dt.interval'          = '1',
    'projection.dt.interval.unit'     = 'DAYS',
    'storage.location.template'       = 's3://<bucket>/curated/touch_credits/dt=${dt}/'
);

CREATE EXTERNAL TABLE IF NOT EXISTS clickstream.curated_manifests (
    run_id         bigint,
    engine         string,
    range_from     string,
    range_to       string,
    `window`       string,
    rule_version   string,
    arrival_until  string,
    buckets        int,
    objects_listed bigint,
    objects_read   bigint,
    events_read    bigint,
    events_staged  bigint,
    rejected_rows  bigint,
    duplicates     bigint,
    created_at     string
)
COMMENT 'One row per reconciliation run whose curated files are complete (the manifest is written last)'
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES ('ignore.malformed.json' = 'false')
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://<bucket>/curated/manifests/'
TBLPROPERTIES ('classification' = 'json');
