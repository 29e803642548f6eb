package com.clickstream.attribution.reconciler.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Creates Spring Batch's metadata tables in their own schema, from the script Spring Batch ships
 * (never a copy), by running it with that schema first on the search path. The job repository then
 * uses the table prefix {@code <schema>.BATCH_}. Idempotent: does nothing when the tables exist.
 *
 * <p>Least privilege (migration V7): the schema {@code batch} is created by the migrations, and the
 * role {@code clickstream_reconciler} has USAGE and CREATE on it, so the reconciler's own login user
 * creates the tables on its first run without any privilege on the database. The schema is only
 * created here when it is missing (a non-default table prefix), which needs CREATE on the database.
 */
public final class BatchSchema {

    /** Spring Batch's own DDL for PostgreSQL. */
    static final String SCRIPT = "org/springframework/batch/core/schema-postgresql.sql";

    private BatchSchema() {
    }

    /** Ensures the tables exist in {@code schema}; serialised by an advisory lock for concurrent starts. */
    public static void ensure(DataSource dataSource, String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("batch schema must be a plain lower-case identifier: " + schema);
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('batch-reconciler.batch-schema'))");
                if (!exists(connection, "SELECT to_regnamespace(?) IS NOT NULL", schema)) {
                    // DDL takes no bind parameters; the name is a validated plain identifier (checked above).
                    statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                }
                if (!exists(connection, "SELECT to_regclass(?) IS NOT NULL", schema + ".batch_job_instance")) {
                    setLocalSearchPath(connection, schema);
                    ScriptUtils.executeSqlScript(connection, new ClassPathResource(SCRIPT));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the Spring Batch schema " + schema + " (the reconciler's "
                    + "database user needs USAGE and CREATE on it: migration V7 grants both on schema batch to role "
                    + "clickstream_reconciler)", e);
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(query)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** {@code SET LOCAL search_path}, with the schema as a bind parameter. */
    private static void setLocalSearchPath(Connection connection, String schema) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('search_path', ?, true)")) {
            ps.setString(1, schema);
            ps.executeQuery().close();
        }
    }
}
