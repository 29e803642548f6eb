package com.clickstream.attribution.testsupport.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresExtensionIT {

    private static final AtomicInteger MIGRATIONS = new AtomicInteger();

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(dataSource -> {
        MIGRATIONS.incrementAndGet();
        execute(dataSource::getConnection, "CREATE SCHEMA demo; CREATE TABLE demo.t (id bigserial PRIMARY KEY, v text)");
    });

    @Test
    void serverListensOnLoopbackOnlyAndWasMigratedOnce() throws SQLException {
        assertThat(MIGRATIONS).hasValue(1);
        assertThat(query("SHOW listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(query("SELECT host(inet_server_addr())")).isEqualTo("127.0.0.1");
        assertThat(query("SELECT to_regclass('demo.t')::text")).isEqualTo("demo.t");
    }

    @Test
    void jdbcUrlUserAndPasswordConnect() throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rows.next();
            assertThat(rows.getInt(1)).isGreaterThanOrEqualTo(170000);
        }
        assertThat(POSTGRES.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + POSTGRES.port() + "/");
    }

    @Test
    void truncateAllEmptiesTablesAndRestartsSequences() throws SQLException {
        execute(POSTGRES.dataSource()::getConnection, "INSERT INTO demo.t (v) VALUES ('a'), ('b')");

        POSTGRES.truncateAll("demo");

        assertThat(query("SELECT count(*)::text FROM demo.t")).isEqualTo("0");
        execute(POSTGRES.dataSource()::getConnection, "INSERT INTO demo.t (v) VALUES ('c')");
        assertThat(query("SELECT id::text FROM demo.t")).isEqualTo("1");
    }

    @Test
    void afterAllStopsTheServer() throws IOException {
        PostgresExtension extension = PostgresExtension.unmigrated();
        ExtensionContext context = contextOf(PostgresExtensionIT.class);

        extension.beforeAll(context);
        int port = extension.port();
        assertThat(canConnect(port)).isTrue();
        extension.afterAll(context);

        assertThat(canConnect(port)).isFalse();
        assertThatThrownBy(extension::dataSource).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stopAndRestartKeepTheDataAndThePort() throws IOException, SQLException {
        try (PostgresExtension extension = PostgresExtension.migratedWith(dataSource -> execute(dataSource::getConnection,
                "CREATE TABLE kept (id int PRIMARY KEY, v text)")).start()) {
            execute(extension.dataSource()::getConnection, "INSERT INTO kept VALUES (1, 'before the stop')");
            int port = extension.port();
            String url = extension.jdbcUrl();
            Path data = extension.dataDirectory();

            extension.stopServer();
            assertThat(extension.isServerRunning()).isFalse();
            assertThat(canConnect(port)).as("nothing listens while stopped").isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(url, extension.user(), extension.password()))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("connection refused").isEqualTo("08001"));
            assertThat(data.resolve("postgresql.conf")).exists();

            extension.restartServer();
            assertThat(extension.isServerRunning()).isTrue();
            assertThat(extension.port()).isEqualTo(port);
            assertThat(extension.jdbcUrl()).isEqualTo(url);
            try (Connection connection = DriverManager.getConnection(url, extension.user(), extension.password());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT v FROM kept WHERE id = 1")) {
                assertThat(rows.next()).as("the row committed before the stop").isTrue();
                assertThat(rows.getString(1)).isEqualTo("before the stop");
            }
            extension.close();
            assertThat(data).as("close deletes the data directory").doesNotExist();
            assertThat(canConnect(port)).isFalse();
        }
    }

    private static String query(String sql) throws SQLException {
        try (Connection connection = POSTGRES.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    interface ConnectionSource {
        Connection get() throws SQLException;
    }

    private static void execute(ConnectionSource connections, String sql) {
        try (Connection connection = connections.get(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The two methods the extension calls; anything else is a test bug. */
    private static ExtensionContext contextOf(Class<?> testClass) {
        return (ExtensionContext) Proxy.newProxyInstance(
                ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRequiredTestClass" -> testClass;
                    case "getTestClass" -> Optional.of(testClass);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
