package com.clickstream.attribution.testsupport.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
 *
 * <p>Fault tests can {@link #stopServer()} the server and {@link #restartServer()} it on the same port
 * with the same data directory (zonky runs {@code initdb} only when the directory has no
 * {@code postgresql.conf}, so a restart keeps every row); {@link #close()} deletes the data.
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
    /** Set from the first start until {@link #close()}; kept while the server is stopped. */
    private Path dataDirectory;
    private int port;

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
        if (dataSource != null) {
            throw new IllegalStateException("server settings must be given before the server starts");
        }
        serverConfig.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (dataSource != null) {
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
        if (dataSource != null) {
            return this;
        }
        startNewServer();
        dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {HOST});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(DATABASE);
        dataSource.setUser(USER);
        migration.accept(dataSource);
        return this;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (dataSource == null || context.getRequiredTestClass() != owner) {
            return;
        }
        close();
    }

    /** Stops the server (idempotent); its data directory is deleted. */
    @Override
    public synchronized void close() throws IOException {
        if (dataSource == null) {
            return;
        }
        try {
            stopServer();
        } finally {
            deleteRecursively(dataDirectory);
            dataDirectory = null;
            dataSource = null;
            owner = null;
        }
    }

    /**
     * Stops the server the way an operator or a failover does ({@code pg_ctl stop -m fast}: open
     * sessions are terminated with SQLSTATE 57P01, new connections are refused) and keeps its data
     * directory and port, so that {@link #restartServer()} brings the same database back. The URL,
     * port and data source stay valid meanwhile; connecting fails until the restart. Idempotent.
     */
    public synchronized void stopServer() throws IOException {
        requireStarted();
        if (server == null) {
            return;
        }
        try {
            server.close(); // zonky's close stops the postmaster; the directory stays (clean = false)
        } finally {
            server = null;
        }
    }

    /**
     * Starts the stopped server again on the same port, on the same data directory (no initdb, no
     * migration: every committed row is still there). Idempotent while it is running.
     *
     * @throws IOException when the server does not come up (e.g. another process took the port)
     */
    public synchronized void restartServer() throws IOException {
        requireStarted();
        if (server != null) {
            return;
        }
        server = startVerified(dataDirectory, port);
    }

    /** True between a start (or restart) and a stop. */
    public synchronized boolean isServerRunning() {
        return server != null;
    }

    /** The server's data directory (kept across {@link #stopServer()}/{@link #restartServer()}). */
    public synchronized Path dataDirectory() {
        requireStarted();
        return dataDirectory;
    }

    public synchronized DataSource dataSource() {
        requireStarted();
        return dataSource;
    }

    public synchronized String jdbcUrl() {
        requireStarted();
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public synchronized int port() {
        requireStarted();
        return port;
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

    /**
     * Picks a free loopback port and a new data directory and starts on them (initdb runs, the
     * directory being empty); retries if another process took the port meanwhile.
     */
    private void startNewServer() throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path directory = Files.createTempDirectory("embedded-pg-data-");
            int candidatePort = freeLoopbackPort();
            try {
                server = startVerified(directory, candidatePort);
                dataDirectory = directory;
                port = candidatePort;
                return;
            } catch (IOException e) {
                last = e;
                deleteRecursively(directory);
            }
        }
        throw last;
    }

    /**
     * Starts on {@code directory} and {@code port} and checks that the server answering there is this
     * one. zonky only waits until something on the port accepts a query, so when another process (a
     * parallel build's PostgreSQL) took the port first, its start "succeeds" against the wrong server.
     */
    private EmbeddedPostgres startVerified(Path directory, int candidatePort) throws IOException {
        EmbeddedPostgres started = builder(serverConfig, directory, candidatePort).start();
        String served;
        try (Connection connection = started.getDatabase(USER, DATABASE).getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_setting('data_directory')")) {
            rows.next();
            served = rows.getString(1);
        } catch (SQLException e) {
            started.close();
            throw new IOException("PostgreSQL on port " + candidatePort + " did not answer", e);
        }
        if (!Path.of(served).toAbsolutePath().normalize().equals(directory.toAbsolutePath().normalize())) {
            started.close();
            throw new IOException("port " + candidatePort + " is served by another PostgreSQL (data directory "
                    + served + ", not " + directory + ")");
        }
        return started;
    }

    /**
     * Our own data directory, never cleaned by zonky, so that a stopped server can be started again
     * with its data: zonky runs initdb only when {@code postgresql.conf} is missing (checked in
     * zonky 2.2.2's constructor) and deletes the directory on close only when "clean" is set.
     */
    private static EmbeddedPostgres.Builder builder(Map<String, String> serverConfig, Path directory, int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", HOST)
                .setPort(port);
        serverConfig.forEach(builder::setServerConfig);
        return builder;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private void requireStarted() {
        if (dataSource == null) {
            throw new IllegalStateException("PostgreSQL is not running: register this extension with "
                    + "@RegisterExtension on a static field and use it from tests or @BeforeAll/@BeforeEach");
        }
    }
}
