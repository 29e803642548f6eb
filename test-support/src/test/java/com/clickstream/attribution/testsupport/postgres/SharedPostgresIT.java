package com.clickstream.attribution.testsupport.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two classes' worth of shared extensions in one class: one server, one migration, two separate databases. */
class SharedPostgresIT {

    private static final AtomicInteger MIGRATIONS = new AtomicInteger();

    @RegisterExtension
    static final PostgresExtension FIRST = PostgresExtension.sharedMigratedWith("shared_it", SharedPostgresIT::migrate);

    @RegisterExtension
    static final PostgresExtension SECOND = PostgresExtension.sharedMigratedWith("shared_it", SharedPostgresIT::migrate);

    private static void migrate(DataSource dataSource) {
        MIGRATIONS.incrementAndGet();
        execute(dataSource, "CREATE SCHEMA demo; CREATE TABLE demo.t (id bigserial PRIMARY KEY, v text)");
    }

    @Test
    void oneServerOneMigrationAndADatabaseOfItsOwnForEach() throws SQLException {
        assertThat(MIGRATIONS).as("the template is migrated once per JVM").hasValue(1);
        assertThat(FIRST.port()).isEqualTo(SECOND.port());
        assertThat(FIRST.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + FIRST.port() + "/shared_it_")
                .isNotEqualTo(SECOND.jdbcUrl());

        execute(FIRST.dataSource(), "INSERT INTO demo.t (v) VALUES ('only in the first')");

        assertThat(query(FIRST.dataSource(), "SELECT count(*)::text FROM demo.t")).isEqualTo("1");
        assertThat(query(SECOND.dataSource(), "SELECT count(*)::text FROM demo.t")).as("a copy, not the same").isEqualTo("0");
        assertThat(query(SECOND.dataSource(), "SHOW listen_addresses")).isEqualTo("127.0.0.1");
    }

    @Test
    void theSharedServerCannotBeStoppedOrReconfiguredByOneClass() {
        assertThatThrownBy(FIRST::stopServer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("migratedWith");
        assertThatThrownBy(FIRST::restartServer).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> FIRST.withServerConfig("fsync", "on")).isInstanceOf(IllegalStateException.class);
        assertThat(FIRST.isServerRunning()).isTrue();
    }

    @Test
    void aTemplateNameIsAnIdentifier() {
        assertThatThrownBy(() -> PostgresExtension.sharedMigratedWith("x; DROP DATABASE postgres", ds -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String query(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
