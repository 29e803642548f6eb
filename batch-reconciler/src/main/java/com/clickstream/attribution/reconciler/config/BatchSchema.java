package com.clickstream.attribution.reconciler.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Creates Spring Batch's metadata tables in their own schema, from the script Spring Batch ships
 * (never a copy), by running it with that schema first on the search path. The job repository then
 * uses the table prefix {@code <schema>.BATCH_}. Idempotent: does nothing when the tables exist.
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
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                boolean exists;
                try (var rs = statement.executeQuery("SELECT to_regclass('" + schema + ".batch_job_instance') IS NOT NULL")) {
                    rs.next();
                    exists = rs.getBoolean(1);
                }
                if (!exists) {
                    statement.execute("SET LOCAL search_path TO " + schema);
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
            throw new IllegalStateException("cannot create the Spring Batch schema " + schema, e);
        }
    }
}
