-- Least-privilege group roles (issue 8, docs/deployment.md "Database users and roles"). Only the migration
-- user (the owner of every ecommerce object) can change the schema; each component gets exactly what its
-- statements need, and logs in as a user that operations create and put into one of these roles:
--
--   clickstream_stream_writer  the streaming job's sink (glue-streaming-job SinkSql / PostgresBatchWriter)
--   clickstream_reconciler     the batch reconciler (ecommerce) and its Spring Batch metadata (schema batch)
--   clickstream_analyst        read-only: SELECT on ecommerce, nothing else
--
-- None of them owns an ecommerce table, so none can DROP, TRUNCATE or ALTER one (those need ownership or
-- the TRUNCATE privilege, which nobody is granted); no role has DELETE on the facts (attributed_checkouts,
-- checkout_items, dead_letters, corrections, runs). The privileges are tested by DatabaseRolesIT (db),
-- PostgresBatchWriterRoleIT (glue-streaming-job) and ReconcilerRoleIT (batch-reconciler), which run the real
-- writers as login users of these roles.
--
-- Convention for later migrations: a new table grants its writer explicitly here-style (SELECT for the
-- analyst comes by default, see ALTER DEFAULT PRIVILEGES below); a new function grants EXECUTE explicitly
-- (nobody, not even PUBLIC, gets it by default).

-- Roles are cluster-wide: another database of the same cluster (another environment, a test) may have
-- created them already, or may be creating them right now. Only missing ones are created, as NOLOGIN
-- group roles; an existing role is left as it is (a warning if it can log in, which it should not).
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['clickstream_stream_writer', 'clickstream_reconciler', 'clickstream_analyst'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION
                WHEN duplicate_object OR unique_violation THEN
                    NULL; -- created concurrently by the migration of another database
                WHEN insufficient_privilege THEN
                    RAISE EXCEPTION 'cannot create role %: run the migrations as a user with CREATEROLE (the RDS '
                        'master user has it), or have an administrator run CREATE ROLE % NOLOGIN first', r, r;
            END;
        ELSIF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r AND rolcanlogin) THEN
            RAISE WARNING 'role % exists and can log in; it is meant to be a NOLOGIN group role', r;
        END IF;
    END LOOP;
END
$$;

-- ---- database and schemas ------------------------------------------------------------------------------

-- CONNECT (and TEMPORARY for the sink's ON COMMIT DROP staging tables) granted explicitly, so that an
-- operator may REVOKE ALL ON DATABASE ... FROM PUBLIC without breaking the pipeline.
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO clickstream_stream_writer', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO clickstream_reconciler, clickstream_analyst', current_database());
END
$$;

-- PostgreSQL 15+ no longer lets PUBLIC create in schema public; a cluster upgraded from an older version may.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF;
END
$$;

REVOKE ALL ON SCHEMA ecommerce FROM PUBLIC;
GRANT USAGE ON SCHEMA ecommerce TO clickstream_stream_writer, clickstream_reconciler, clickstream_analyst;

-- ---- functions: EXECUTE only where granted --------------------------------------------------------------

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ecommerce FROM PUBLIC;
-- Global (not per schema) on purpose: per-schema default privileges can only add to the global ones, and the
-- global default gives EXECUTE to PUBLIC. Applies to functions the migration user creates in this database.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- ---- clickstream_stream_writer: exactly the sink's statements ---------------------------------------------

-- stream_progress: claim (INSERT ... ON CONFLICT DO NOTHING), SELECT ... FOR UPDATE, UPDATE of the counters.
GRANT SELECT, INSERT, UPDATE ON ecommerce.stream_progress TO clickstream_stream_writer;
-- The min-rule upsert: ON CONFLICT DO UPDATE reads the stored row (WHERE) and RETURNING reads the result.
GRANT SELECT, INSERT, UPDATE ON ecommerce.attributed_checkouts TO clickstream_stream_writer;
-- Items and dead letters are insert-if-absent. ON CONFLICT (columns) needs SELECT on the conflict target's
-- columns only: the writer cannot read the items' other columns or a dead letter's payload.
GRANT INSERT, SELECT (checkout_id, line_no) ON ecommerce.checkout_items TO clickstream_stream_writer;
GRANT INSERT, SELECT (source, stream_name, partition_key, sequence_number) ON ecommerce.dead_letters
    TO clickstream_stream_writer;
GRANT USAGE ON SEQUENCE ecommerce.dead_letters_id_seq TO clickstream_stream_writer;
-- Additive per-minute counters (ON CONFLICT DO UPDATE reads the stored counters).
GRANT SELECT, INSERT, UPDATE ON ecommerce.stream_metrics TO clickstream_stream_writer;

-- ---- clickstream_reconciler: ecommerce -------------------------------------------------------------------

-- Corrections: read the stored rows, insert missing ones, replace wrong ones (optimistic version check).
GRANT SELECT, INSERT, UPDATE ON ecommerce.attributed_checkouts TO clickstream_reconciler;
GRANT SELECT, INSERT ON ecommerce.checkout_items TO clickstream_reconciler;
-- The ledger is append-only: no UPDATE, no DELETE.
GRANT SELECT, INSERT ON ecommerce.attribution_corrections TO clickstream_reconciler;
GRANT USAGE ON SEQUENCE ecommerce.attribution_corrections_id_seq TO clickstream_reconciler;
-- The run's own row: inserted at start, updated with counts and status at the end.
GRANT SELECT, INSERT, UPDATE ON ecommerce.reconciliation_runs TO clickstream_reconciler;
GRANT USAGE ON SEQUENCE ecommerce.reconciliation_runs_run_id_seq TO clickstream_reconciler;
-- Unreadable raw rows (insert unless already kept: the NOT EXISTS reads the table).
GRANT SELECT, INSERT ON ecommerce.dead_letters TO clickstream_reconciler;
GRANT USAGE ON SEQUENCE ecommerce.dead_letters_id_seq TO clickstream_reconciler;
-- Rollups are refreshed by replacing whole days: DELETE of those days + INSERT, both by the reconciler's own
-- statements and by refresh_checkout_rollups() (SECURITY INVOKER: it runs with the caller's privileges).
GRANT SELECT, INSERT, DELETE ON
    ecommerce.rollup_hourly_source_device, ecommerce.rollup_daily_category, ecommerce.rollup_daily_product,
    ecommerce.rollup_daily_segment, ecommerce.rollup_daily_model_source, ecommerce.rollup_daily_clicks,
    ecommerce.rollup_daily_product_clicks
    TO clickstream_reconciler;
-- Dimensions the rollup function joins.
GRANT SELECT ON ecommerce.users, ecommerce.products TO clickstream_reconciler;
GRANT EXECUTE ON FUNCTION ecommerce.refresh_checkout_rollups(date, date) TO clickstream_reconciler;
-- At start-up the reconciler asks Flyway whether the schema is current (it applies nothing then).
GRANT SELECT ON ecommerce.flyway_schema_history TO clickstream_reconciler;

-- ---- clickstream_reconciler: Spring Batch's metadata in schema batch -------------------------------------

-- The schema of spring.batch.jdbc.table-prefix (default batch.BATCH_). Its tables come from the script of the
-- Spring Batch version the reconciler ships (BatchSchema), so the reconciler creates them on its first run:
-- it gets CREATE here, in batch only (never in ecommerce or public). Tables the migration user creates there
-- (e.g. an older deployment's, made by the admin user) are granted below and by default.
CREATE SCHEMA IF NOT EXISTS batch;
COMMENT ON SCHEMA batch IS
    'Spring Batch job repository of the batch reconciler (BATCH_* tables, created by the reconciler from '
    'Spring Batch''s own script). Not part of the pipeline''s data.';
REVOKE ALL ON SCHEMA batch FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA batch TO clickstream_reconciler;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA batch TO clickstream_reconciler;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA batch TO clickstream_reconciler;
ALTER DEFAULT PRIVILEGES IN SCHEMA batch GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO clickstream_reconciler;
ALTER DEFAULT PRIVILEGES IN SCHEMA batch GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO clickstream_reconciler;

-- ---- clickstream_analyst: read-only ----------------------------------------------------------------------

GRANT SELECT ON ALL TABLES IN SCHEMA ecommerce TO clickstream_analyst;
-- Tables and views later migrations create (as the migration user) are readable too, and only readable.
ALTER DEFAULT PRIVILEGES IN SCHEMA ecommerce GRANT SELECT ON TABLES TO clickstream_analyst;
