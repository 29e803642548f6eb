package com.clickstream.attribution.testsupport.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Starts an embedded PostgreSQL (zonky, PostgreSQL 17) on 127.0.0.1 and a free port before the test
 * class, optionally migrates it, and stops it after the class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);
 * }</pre>
 *
 * <p>The migration is a callback so that this module does not depend on {@code db} (whose own tests
 * use this extension). The server trusts local connections: {@link #password()} is empty and only
 * there for APIs that want one. Like every zonky server it runs with {@code fsync} and
 * {@code synchronous_commit} off, so it is for tests; a write benchmark turns them back on with
 * {@link #withServerConfig} ({@code ALTER SYSTEM} cannot: zonky sets them on the command line).
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final String DATABASE = "postgres";
    private static final String USER = "postgres";
    private static final String PASSWORD = "";
    private static final int START_ATTEMPTS = 3;

    private final Consumer<DataSource> migration;
    private final Map<String, String> serverConfig = new LinkedHashMap<>();
    private EmbeddedPostgres server;
    private PGSimpleDataSource dataSource;
    private Class<?> owner;

    private PostgresExtension(Consumer<DataSource> migration) {
        this.migration = Objects.requireNonNull(migration, "migration");
    }

    /** A server whose database has been passed to {@code migration} before the first test runs. */
    public static PostgresExtension migratedWith(Consumer<DataSource> migration) {
        return new PostgresExtension(migration);
    }

    /** A server with an empty {@code postgres} database. */
    public static PostgresExtension unmigrated() {
        return new PostgresExtension(dataSource -> { });
    }

    /**
     * A server setting passed on the postgres command line, after zonky's own (so
     * {@code withServerConfig("fsync", "on")} wins over zonky's {@code -F}). Call before {@link #start()}.
     */
    public synchronized PostgresExtension withServerConfig(String name, String value) {
        if (server != null) {
            throw new IllegalStateException("server settings must be given before the server starts");
        }
        serverConfig.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (server != null) {
            return; // a @Nested class of the class that started it
        }
        start();
        owner = context.getRequiredTestClass();
    }

    /**
     * Starts and migrates the server outside JUnit (e.g. the local runtime); idempotent. Pair with
     * {@link #close()}.
     */
    public synchronized PostgresExtension start() throws IOException {
        if (server != null) {
            return this;
        }
        server = startServer(serverConfig);
        dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {HOST});
        dataSource.setPortNumbers(new int[] {server.getPort()});
        dataSource.setDatabaseName(DATABASE);
        dataSource.setUser(USER);
        migration.accept(dataSource);
        return this;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server == null || context.getRequiredTestClass() != owner) {
            return;
        }
        close();
    }

    /** Stops the server (idempotent); its data directory is deleted. */
    @Override
    public synchronized void close() throws IOException {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } finally {
            server = null;
            dataSource = null;
            owner = null;
        }
    }

    public DataSource dataSource() {
        requireStarted();
        return dataSource;
    }

    public String jdbcUrl() {
        requireStarted();
        return "jdbc:postgresql://" + HOST + ":" + server.getPort() + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        requireStarted();
        return server.getPort();
    }

    /**
     * Empties every table of {@code schema} (except Flyway's history) and restarts its sequences, so
     * each test can start from a known state without a new server.
     */
    public void truncateAll(String schema) {
        try (Connection connection = dataSource().getConnection()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
                            + "WHERE schemaname = ? AND tablename <> 'flyway_schema_history' ORDER BY tablename")) {
                select.setString(1, schema);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        tables.add(rows.getString(1)); // quoted by the server's format('%I')
                    }
                }
            }
            if (!tables.isEmpty()) {
                try (Statement truncate = connection.createStatement()) {
                    truncate.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not truncate schema " + schema, e);
        }
    }

    /** Picks a free loopback port and starts on it; retries if another process took the port meanwhile. */
    private static EmbeddedPostgres startServer(Map<String, String> serverConfig) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", HOST)
                        .setPort(freeLoopbackPort());
                serverConfig.forEach(builder::setServerConfig);
                return builder.start();
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("PostgreSQL is not running: register this extension with "
                    + "@RegisterExtension on a static field and use it from tests or @BeforeAll/@BeforeEach");
        }
    }
}
