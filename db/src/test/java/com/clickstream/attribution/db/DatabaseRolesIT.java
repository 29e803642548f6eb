package com.clickstream.attribution.db;

import static com.clickstream.attribution.db.RoleLogins.ANALYST;
import static com.clickstream.attribution.db.RoleLogins.RECONCILER;
import static com.clickstream.attribution.db.RoleLogins.STREAM_WRITER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.clickstream.attribution.db.SqlRows.Row;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The least-privilege roles of migration V7, exercised by login users created the way operations create them:
 * what each role may do works, everything else is refused by PostgreSQL with {@code insufficient_privilege}
 * (SQLSTATE 42501). The tables, columns and queries come from the catalog and from
 * {@code db/queries/sample_queries.sql}, so a new table is covered without changing this test.
 */
class DatabaseRolesIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final Map<String, String> LOGIN_OF_ROLE = Map.of(
            STREAM_WRITER, "stream_app", RECONCILER, "reconciler_app", ANALYST, "analyst_app");

    private static DataSource owner;
    private static final Map<String, DataSource> AS = new LinkedHashMap<>();

    @BeforeAll
    static void createLoginUsers() throws SQLException {
        owner = POSTGRES.dataSource();
        for (String role : List.of(STREAM_WRITER, RECONCILER, ANALYST)) {
            AS.put(role, RoleLogins.create(POSTGRES, LOGIN_OF_ROLE.get(role), role));
        }
    }

    // ---- the roles themselves ---------------------------------------------------------------------------

    @Test
    void theRolesAreGroupRolesWithoutLoginOrSpecialAttributesAndOwnNothing() throws Exception {
        List<Row> roles = SqlRows.query(owner, """
                SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls
                FROM pg_roles WHERE rolname = ANY (?) ORDER BY rolname""",
                (Object) new String[] {STREAM_WRITER, RECONCILER, ANALYST});
        assertThat(roles).extracting(r -> r.text("rolname")).containsExactly(ANALYST, RECONCILER, STREAM_WRITER);
        for (Row role : roles) {
            assertThat(role.values()).as(role.text("rolname")).containsEntry("rolcanlogin", false)
                    .containsEntry("rolsuper", false).containsEntry("rolcreaterole", false)
                    .containsEntry("rolcreatedb", false).containsEntry("rolreplication", false)
                    .containsEntry("rolbypassrls", false);
        }
        // Every object of the pipeline's schema belongs to the migration user.
        List<Row> owners = SqlRows.query(owner, """
                SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ecommerce'""");
        assertThat(owners).extracting(r -> r.text("owner")).containsExactly(POSTGRES.user());
        // The test users really are who they claim, and inherit their role.
        for (Map.Entry<String, DataSource> as : AS.entrySet()) {
            Row who = SqlRows.query(as.getValue(), "SELECT current_user AS u, pg_has_role(current_user, ?, 'USAGE') AS inherits",
                    as.getKey()).get(0);
            assertThat(who.text("u")).isEqualTo(LOGIN_OF_ROLE.get(as.getKey()));
            assertThat(who.values()).containsEntry("inherits", true);
        }
    }

    @Test
    void noRoleCanDropTruncateAlterOrCreateInThePipelineSchemas() throws Exception {
        List<String> tables = qualifiedTables("ecommerce");
        assertThat(tables).hasSizeGreaterThanOrEqualTo(17); // 16 pipeline tables + Flyway's history
        int refused = 0;
        for (Map.Entry<String, DataSource> as : AS.entrySet()) {
            for (String table : tables) {
                refused += refuses(as, "DROP TABLE " + table);
                refused += refuses(as, "TRUNCATE " + table);
                refused += refuses(as, "ALTER TABLE " + table + " ADD COLUMN h4_extra int");
                refused += refuses(as, "CREATE INDEX ON " + table + " (" + firstColumn(table) + ")");
            }
            refused += refuses(as, "CREATE TABLE ecommerce.h4_new (id int)");
            refused += refuses(as, "CREATE TABLE public.h4_new (id int)");
            refused += refuses(as, "CREATE SCHEMA h4_schema");
            refused += refuses(as, "DROP SCHEMA ecommerce CASCADE");
            refused += refuses(as, "DROP VIEW ecommerce.dead_letter_counts");
            refused += refuses(as, "DROP FUNCTION ecommerce.refresh_checkout_rollups(date, date)");
            refused += refuses(as, "CREATE FUNCTION ecommerce.h4_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'");
        }
        System.out.printf("DatabaseRolesIT: %d DDL statements over %d tables refused for the 3 roles%n", refused, tables.size());
        // Nobody holds TRUNCATE, TRIGGER or REFERENCES on any pipeline table, or DELETE on the facts.
        List<Row> grants = SqlRows.query(owner, """
                SELECT grantee, table_name, privilege_type FROM information_schema.role_table_grants
                WHERE table_schema = 'ecommerce' AND grantee = ANY (?)
                  AND (privilege_type IN ('TRUNCATE', 'TRIGGER', 'REFERENCES')
                       OR (privilege_type IN ('DELETE', 'UPDATE') AND table_name IN
                           ('checkout_items', 'attribution_corrections', 'dead_letters'))
                       OR (privilege_type = 'DELETE' AND table_name IN
                           ('attributed_checkouts', 'reconciliation_runs', 'stream_progress', 'stream_metrics')))""",
                (Object) new String[] {STREAM_WRITER, RECONCILER, ANALYST});
        assertThat(grants).isEmpty();
    }

    // ---- streaming writer -------------------------------------------------------------------------------

    @Test
    void theStreamWriterCanRunTheSinksStatementsAndNothingElse() throws Exception {
        DataSource writer = AS.get(STREAM_WRITER);
        inTransaction(writer, st -> {
            st.execute("INSERT INTO ecommerce.stream_progress (query_name, batch_id) VALUES ('roles/w', 0) "
                    + "ON CONFLICT (query_name, batch_id) DO NOTHING");
            st.execute("SELECT events_in FROM ecommerce.stream_progress WHERE query_name = 'roles/w' FOR UPDATE");
            st.execute("UPDATE ecommerce.stream_progress SET events_in = events_in + 1 WHERE query_name = 'roles/w'");
            st.execute("CREATE TEMP TABLE stage (checkout_id text) ON COMMIT DROP");
            st.execute("""
                    INSERT INTO ecommerce.attributed_checkouts AS t (checkout_id, user_id, checkout_ts, revenue, currency,
                        attributed, written_by) VALUES ('roles-w1', 'u1', now(), 10, 'EUR', false, 'stream')
                    ON CONFLICT (checkout_id) DO UPDATE SET version = t.version + 1 WHERE NOT t.attributed
                    RETURNING (xmax = 0) AS inserted""");
            st.execute("INSERT INTO ecommerce.checkout_items (checkout_id, line_no, product_id, product_name, "
                    + "unit_price, quantity) VALUES ('roles-w1', 1, 'p', 'P', 10, 1) ON CONFLICT (checkout_id, line_no) DO NOTHING");
            st.execute("INSERT INTO ecommerce.dead_letters (source, reason_code, payload, stream_name, partition_key, "
                    + "sequence_number) VALUES ('stream', 'not_json', '{', 'clicks', 'u1', '1') ON CONFLICT (source, "
                    + "stream_name, partition_key, sequence_number) WHERE sequence_number IS NOT NULL DO NOTHING");
            st.execute("INSERT INTO ecommerce.stream_metrics AS m (minute, query_name, events_in) VALUES "
                    + "(date_trunc('minute', now(), 'UTC'), 'roles/w', 1) ON CONFLICT (minute, query_name) "
                    + "DO UPDATE SET events_in = m.events_in + EXCLUDED.events_in");
        });
        int refused = 0;
        for (String table : List.of("attributed_checkouts", "checkout_items", "dead_letters", "stream_progress",
                "stream_metrics")) {
            refused += refuses(writer, "DELETE FROM ecommerce." + table);
        }
        refused += refuses(writer, "UPDATE ecommerce.checkout_items SET quantity = 99");
        refused += refuses(writer, "UPDATE ecommerce.dead_letters SET payload = 'x'");
        for (String table : List.of("users", "products", "attribution_corrections", "reconciliation_runs",
                "rollup_daily_clicks")) {
            refused += refuses(writer, "SELECT count(*) FROM ecommerce." + table);
        }
        // Only the conflict targets' columns are readable: not a dead letter's payload, not the items' values.
        refused += refuses(writer, "SELECT payload FROM ecommerce.dead_letters");
        refused += refuses(writer, "SELECT product_id, unit_price FROM ecommerce.checkout_items");
        refused += refuses(writer, "INSERT INTO ecommerce.reconciliation_runs (range_from, range_to, window_seconds) "
                + "VALUES (now(), now() + interval '1 hour', 3600)");
        refused += refuses(writer, "INSERT INTO ecommerce.users (user_id, segment, signup_date) VALUES ('x', 'new', now())");
        refused += refuses(writer, "DELETE FROM ecommerce.rollup_daily_category");
        refused += refuses(writer, "SELECT ecommerce.refresh_checkout_rollups(current_date, current_date)");
        refused += refuses(writer, "SELECT count(*) FROM ecommerce.flyway_schema_history");
        refused += refuses(writer, "CREATE TABLE batch.h4_new (id int)");
        System.out.printf("DatabaseRolesIT: stream writer ran the sink's 8 kinds of statement; %d others refused%n", refused);
    }

    // ---- reconciler -------------------------------------------------------------------------------------

    @Test
    void theReconcilerCanCorrectRecordAndRefreshButNotDeleteFactsOrTouchTheStreamsLedger() throws Exception {
        DataSource reconciler = AS.get(RECONCILER);
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        inTransaction(reconciler, st -> {
            st.execute("INSERT INTO ecommerce.attributed_checkouts (checkout_id, user_id, checkout_ts, revenue, "
                    + "currency, attributed, written_by) VALUES ('roles-r1', 'u1', now(), 12, 'EUR', false, 'reconciler') "
                    + "ON CONFLICT (checkout_id) DO NOTHING RETURNING checkout_id");
            st.execute("UPDATE ecommerce.attributed_checkouts SET version = version + 1 WHERE checkout_id = 'roles-r1'");
            st.execute("INSERT INTO ecommerce.checkout_items (checkout_id, line_no, product_id, product_name, "
                    + "unit_price, quantity) VALUES ('roles-r1', 1, 'p', 'P', 12, 1) ON CONFLICT DO NOTHING");
            st.execute("INSERT INTO ecommerce.reconciliation_runs (range_from, range_to, window_seconds) "
                    + "VALUES (now() - interval '1 day', now(), 3600) RETURNING run_id");
            st.execute("UPDATE ecommerce.reconciliation_runs SET status = 'completed', finished_at = now()");
            st.execute("INSERT INTO ecommerce.attribution_corrections (run_id, checkout_id, new_attributed, "
                    + "new_traffic_source, new_revenue, reason) SELECT max(run_id), 'roles-r1', false, 'unattributed', 12, "
                    + "'missed_by_stream' FROM ecommerce.reconciliation_runs");
            st.execute("INSERT INTO ecommerce.dead_letters (source, reason_code, payload, object_key) SELECT "
                    + "'reconciler', 'bad_row', '{}', 'k' WHERE NOT EXISTS (SELECT 1 FROM ecommerce.dead_letters "
                    + "WHERE object_key = 'k')");
            st.execute("DELETE FROM ecommerce.rollup_daily_clicks WHERE day = current_date");
            st.execute("INSERT INTO ecommerce.rollup_daily_clicks (day, traffic_source, device_type, clicks, "
                    + "sessions, users) VALUES (current_date, 'google', 'mobile', 3, 2, 1)");
            st.execute("SELECT ecommerce.refresh_checkout_rollups(current_date, current_date)");
            st.execute("CREATE TABLE batch.h4_job_table (id bigint)"); // Spring Batch's tables, on a first run
            st.execute("DROP TABLE batch.h4_job_table");
        });
        Row hourly = SqlRows.query(owner, "SELECT coalesce(sum(revenue), 0) AS revenue FROM "
                + "ecommerce.rollup_hourly_source_device WHERE hour >= ?::date", day).get(0);
        assertThat(hourly.decimal("revenue")).as("rollup refreshed as the reconciler")
                .isEqualByComparingTo(SqlRows.query(owner, "SELECT coalesce(sum(revenue), 0) AS revenue FROM "
                        + "ecommerce.attributed_checkouts WHERE checkout_ts >= ?::date", day).get(0).decimal("revenue"));

        // The reconciler's start-up check: Flyway finds nothing to apply and needs nothing but SELECT.
        MigrateResult again = DatabaseMigrator.migrate(reconciler);
        assertThat(again.migrationsExecuted).isZero();

        int refused = 0;
        for (String table : List.of("attributed_checkouts", "checkout_items", "attribution_corrections",
                "reconciliation_runs", "dead_letters", "users", "products")) {
            refused += refuses(reconciler, "DELETE FROM ecommerce." + table);
        }
        refused += refuses(reconciler, "UPDATE ecommerce.attribution_corrections SET reason = 'duplicate'");
        refused += refuses(reconciler, "UPDATE ecommerce.checkout_items SET quantity = 99");
        refused += refuses(reconciler, "INSERT INTO ecommerce.stream_progress (query_name, batch_id) VALUES ('x', 0)");
        refused += refuses(reconciler, "INSERT INTO ecommerce.stream_metrics (minute, query_name) VALUES "
                + "(date_trunc('minute', now()), 'x')");
        refused += refuses(reconciler, "INSERT INTO ecommerce.products (product_id, name, category, price) "
                + "VALUES ('x', 'x', 'x', 1)");
        refused += refuses(reconciler, "UPDATE ecommerce.users SET segment = 'vip'");
        refused += refuses(reconciler, "INSERT INTO ecommerce.flyway_schema_history (installed_rank, description, type, "
                + "script, installed_by, execution_time, success) VALUES (99, 'x', 'SQL', 'x', 'x', 0, true)");
        System.out.printf("DatabaseRolesIT: reconciler corrected, recorded and refreshed; %d other writes refused%n", refused);
    }

    // ---- analyst ----------------------------------------------------------------------------------------

    @Test
    void theAnalystRunsEverySampleQueryWithTheOwnersAnswersAndCanWriteNothing() throws Exception {
        DataSource analyst = AS.get(ANALYST);
        POSTGRES.truncateAll("ecommerce");
        new SampleData(LocalDate.now(ZoneOffset.UTC).minusDays(3)).insertInto(owner);
        OffsetDateTime minute = SqlRows.query(owner, "SELECT date_trunc('minute', now(), 'UTC') AS m").get(0).timestamp("m");
        SqlRows.update(owner, "INSERT INTO ecommerce.stream_metrics (minute, query_name, events_in) VALUES (?, 'checkouts', 7)",
                minute);

        Map<String, String> queries = SqlRows.sampleQueries();
        assertThat(queries).hasSize(11);
        for (Map.Entry<String, String> query : queries.entrySet()) {
            List<Row> asAnalyst = SqlRows.query(analyst, query.getValue());
            assertThat(asAnalyst).as(query.getKey()).isNotEmpty().isEqualTo(SqlRows.query(owner, query.getValue()));
        }

        int refused = 0;
        List<String> tables = qualifiedTables("ecommerce");
        for (String table : tables) {
            assertThat(SqlRows.query(analyst, "SELECT count(*) AS n FROM " + table)).hasSize(1);
            String column = firstColumn(table);
            refused += refuses(analyst, "INSERT INTO " + table + " DEFAULT VALUES");
            refused += refuses(analyst, "UPDATE " + table + " SET " + column + " = " + column);
            refused += refuses(analyst, "DELETE FROM " + table);
            refused += refuses(analyst, "SELECT 1 FROM " + table + " FOR UPDATE");
        }
        refused += refuses(analyst, "SELECT ecommerce.refresh_checkout_rollups(current_date, current_date)");
        refused += refuses(analyst, "CREATE TABLE batch.h4_new (id int)");
        refused += refuses(analyst, "SELECT count(*) FROM batch.h4_anything");
        System.out.printf("DatabaseRolesIT: analyst ran the %d sample queries (same answers as the owner) and read %d "
                + "tables; %d writes refused%n", queries.size(), tables.size(), refused);
    }

    // ---- later migrations -------------------------------------------------------------------------------

    @Test
    void aLaterTableIsReadableByTheAnalystOnlyAndALaterFunctionByNobody() throws Exception {
        try (Connection c = owner.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ecommerce.h4_later (id int)");
            st.execute("CREATE FUNCTION ecommerce.h4_later_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'");
        }
        try {
            assertThat(SqlRows.query(AS.get(ANALYST), "SELECT count(*) AS n FROM ecommerce.h4_later")).hasSize(1);
            refuses(AS.get(ANALYST), "INSERT INTO ecommerce.h4_later VALUES (1)");
            for (String role : List.of(STREAM_WRITER, RECONCILER)) {
                refuses(AS.get(role), "SELECT count(*) FROM ecommerce.h4_later");
                refuses(AS.get(role), "INSERT INTO ecommerce.h4_later VALUES (1)");
            }
            for (DataSource as : AS.values()) {
                refuses(as, "SELECT ecommerce.h4_later_fn()");
            }
        } finally {
            try (Connection c = owner.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE ecommerce.h4_later");
                st.execute("DROP FUNCTION ecommerce.h4_later_fn()");
            }
        }
    }

    @Test
    void theMigrationAlsoRunsInASecondDatabaseOfTheClusterWhereTheRolesExistAlready() throws Exception {
        try (Connection c = owner.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE roles_second");
        }
        PGSimpleDataSource second = new PGSimpleDataSource();
        second.setServerNames(new String[] {"127.0.0.1"});
        second.setPortNumbers(new int[] {POSTGRES.port()});
        second.setDatabaseName("roles_second");
        second.setUser(POSTGRES.user());

        MigrateResult result = DatabaseMigrator.migrate(second);

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(SqlRows.query(owner,
                "SELECT count(*) AS n FROM ecommerce.flyway_schema_history WHERE version IS NOT NULL").get(0).number("n"));
        // Privileges are per database: the analyst reads there too, the writer still cannot drop.
        PGSimpleDataSource analystHere = (PGSimpleDataSource) AS.get(ANALYST);
        PGSimpleDataSource copy = new PGSimpleDataSource();
        copy.setServerNames(analystHere.getServerNames());
        copy.setPortNumbers(analystHere.getPortNumbers());
        copy.setDatabaseName("roles_second");
        copy.setUser(analystHere.getUser());
        copy.setPassword(analystHere.getPassword());
        assertThat(SqlRows.query(copy, "SELECT count(*) AS n FROM ecommerce.attributed_checkouts").get(0).number("n")).isZero();
        refuses(copy, "DELETE FROM ecommerce.attributed_checkouts");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** Every table and view of {@code schema}, schema-qualified and quoted by the server. */
    private static List<String> qualifiedTables(String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Row r : SqlRows.query(owner, "SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables "
                + "WHERE schemaname = ? ORDER BY tablename", schema)) {
            out.add(r.text("t"));
        }
        return out;
    }

    private static String firstColumn(String table) throws SQLException {
        return SqlRows.query(owner, "SELECT quote_ident(attname) AS c FROM pg_attribute WHERE attrelid = ?::regclass "
                + "AND attnum = 1", table).get(0).text("c");
    }

    private static int refuses(Map.Entry<String, DataSource> as, String sql) {
        return refuses(as.getValue(), sql);
    }

    /** Asserts that {@code sql} fails with insufficient_privilege; returns 1 (for counting). */
    private static int refuses(DataSource as, String sql) {
        assertThatThrownBy(() -> {
            try (Connection c = as.getConnection(); Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }).as(sql).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).as(sql + ": " + e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
        return 1;
    }

    private interface Work {
        void run(Statement st) throws SQLException;
    }

    /** Runs {@code work} as one transaction and commits it; any refusal fails the test with its message. */
    private static void inTransaction(DataSource as, Work work) throws SQLException {
        try (Connection c = as.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                work.run(st);
            }
            c.commit();
        }
    }
}
