package com.clickstream.attribution.db;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a PostgreSQL database to the current {@code ecommerce} schema.
 *
 * <p>This is the one place that knows the Flyway configuration: the schema {@value #SCHEMA} (created
 * by Flyway if missing, and holding Flyway's history table) and the migrations at
 * {@value #LOCATION}. The streaming job, the batch reconciler and the local runtime all call
 * {@link #migrate(DataSource)} at start-up; concurrent callers are safe because Flyway serialises
 * migrations with a PostgreSQL advisory lock, and an up-to-date database applies nothing.
 */
public final class DatabaseMigrator {

    /** Schema of every table of the pipeline, and of Flyway's history table. */
    public static final String SCHEMA = "ecommerce";

    /** Where the versioned migrations live on the classpath (this module's resources). */
    public static final String LOCATION = "classpath:db/migration";

    private DatabaseMigrator() {
    }

    /** Applies the pending migrations through {@code dataSource}; returns what was applied. */
    public static MigrateResult migrate(DataSource dataSource) {
        return flyway(dataSource).migrate();
    }

    /** Same as {@link #migrate(DataSource)}, for callers that only hold connection settings. */
    public static MigrateResult migrate(String jdbcUrl, String user, String password) {
        return configure().dataSource(jdbcUrl, user, password).load().migrate();
    }

    /**
     * A Flyway instance with this project's configuration, for {@code info()} or {@code validate()}
     * (e.g. a health check that refuses to start on an unmigrated database).
     */
    public static Flyway flyway(DataSource dataSource) {
        return configure().dataSource(dataSource).load();
    }

    private static FluentConfiguration configure() {
        return Flyway.configure(DatabaseMigrator.class.getClassLoader())
                .schemas(SCHEMA)
                .locations(LOCATION)
                // A jar without its migrations must fail loudly, not "migrate" nothing.
                .failOnMissingLocations(true)
                // Never let a misconfigured caller drop the schema.
                .cleanDisabled(true);
    }
}
