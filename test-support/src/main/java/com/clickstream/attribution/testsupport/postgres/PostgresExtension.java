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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
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
 *
 * <p>Most test classes need a fresh migrated database, not a server of their own:
 * {@link #sharedMigratedWith} starts one server per test JVM (stopped when JUnit's run ends), migrates
 * a template database once, and gives each class its own copy ({@code CREATE DATABASE ... TEMPLATE},
 * ~0.1 s instead of ~2 s for initdb, start and migration), dropped after the class. Classes that stop,
 * freeze or reconfigure the server, or create cluster-wide objects (roles), keep their own.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final String DATABASE = "postgres";
    private static final String USER = "postgres";
    private static final String PASSWORD = "";
    private static final int START_ATTEMPTS = 3;
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,30}");
    private static final Namespace SHARED = Namespace.create(PostgresExtension.class, "shared-server");
    /** Template databases migrated on the shared server so far (by name). */
    private static final Set<String> TEMPLATES = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Consumer<DataSource> migration;
    /** Null for a server of its own; else the template database this class's database is copied from. */
    private final String sharedTemplate;
    private String database = DATABASE;
    private PostgresExtension sharedServer;
    private final Map<String, String> serverConfig = new LinkedHashMap<>();
    private EmbeddedPostgres server;
    private PGSimpleDataSource dataSource;
    private Class<?> owner;
    /** Set from the first start until {@link #close()}; kept while the server is stopped. */
    private Path dataDirectory;
    private int port;

    private PostgresExtension(Consumer<DataSource> migration) {
        this(migration, null);
    }

    private PostgresExtension(Consumer<DataSource> migration, String sharedTemplate) {
        this.migration = Objects.requireNonNull(migration, "migration");
        this.sharedTemplate = sharedTemplate;
    }

    /**
     * A database of its own for the test class, on the server this JVM's test classes share: a copy of
     * template database {@code template}, which {@code migration} migrated once per JVM. Every class
     * that names the same template must pass the same migration. The server cannot be stopped,
     * restarted or configured through this extension.
     *
     * @param template name of the template database ({@code [a-z][a-z0-9_]*}, at most 31 characters)
     */
    public static PostgresExtension sharedMigratedWith(String template, Consumer<DataSource> migration) {
        if (!TEMPLATE_NAME.matcher(template).matches()) {
            throw new IllegalArgumentException("template database name must match " + TEMPLATE_NAME + ": " + template);
        }
        return new PostgresExtension(migration, template);
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
        requireOwnServer("configured");
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
        if (sharedTemplate != null) {
            startOnSharedServer(context.getRoot().getStore(SHARED)
                    .getOrComputeIfAbsent(PostgresExtension.class, k -> new SharedServer(), SharedServer.class).server());
        } else {
            start();
        }
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
        requireOwnServer("started outside JUnit");
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
        if (sharedTemplate != null) {
            try {
                // FORCE: a child JVM the test started may still hold a connection
                sharedServer.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } finally {
                dataSource = null;
                sharedServer = null;
                owner = null;
            }
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
        requireOwnServer("stopped");
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
        requireOwnServer("restarted");
        if (server != null) {
            return;
        }
        server = startVerified(dataDirectory, port);
    }

    /** True between a start (or restart) and a stop. */
    public synchronized boolean isServerRunning() {
        return sharedTemplate != null ? sharedServer != null : server != null;
    }

    /** The server's data directory (kept across {@link #stopServer()}/{@link #restartServer()}). */
    public synchronized Path dataDirectory() {
        requireStarted();
        requireOwnServer("given its data directory");
        return dataDirectory;
    }

    public synchronized DataSource dataSource() {
        requireStarted();
        return dataSource;
    }

    public synchronized String jdbcUrl() {
        requireStarted();
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
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
     * This class's database on the shared server: the template is created and migrated on first use
     * in this JVM, then copied (PostgreSQL copies the template's files: no initdb, no migration).
     */
    private void startOnSharedServer(PostgresExtension shared) throws IOException {
        synchronized (PostgresExtension.class) {
            if (!TEMPLATES.contains(sharedTemplate)) {
                shared.execute("CREATE DATABASE " + sharedTemplate);
                migration.accept(shared.dataSourceOf(sharedTemplate));
                TEMPLATES.add(sharedTemplate);
            }
        }
        String name = sharedTemplate + "_" + DATABASES.incrementAndGet();
        copyTemplate(shared, name);
        sharedServer = shared;
        port = shared.port();
        database = name;
        dataSource = shared.dataSourceOf(name);
    }

    /**
     * CREATE DATABASE refuses a template that has sessions (55006); the migration's sessions may still
     * be ending on the server just after their connections closed, so that one error is waited out.
     */
    private void copyTemplate(PostgresExtension shared, String name) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                shared.execute("CREATE DATABASE " + name + " TEMPLATE " + sharedTemplate);
                return;
            } catch (IOException e) {
                if (!(e.getCause() instanceof SQLException sql) || !"55006".equals(sql.getSQLState())
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while copying template " + sharedTemplate, e);
            }
        }
    }

    private PGSimpleDataSource dataSourceOf(String name) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {HOST});
        source.setPortNumbers(new int[] {port});
        source.setDatabaseName(name);
        source.setUser(USER);
        return source;
    }

    /** One statement on the {@code postgres} database (DDL that takes no bind parameters). */
    private void execute(String sql) throws IOException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IOException("PostgreSQL on port " + port + ": " + sql, e);
        }
    }

    /** The server the shared extensions of one JUnit run use; JUnit closes it when the run ends. */
    private static final class SharedServer implements ExtensionContext.Store.CloseableResource {

        private final PostgresExtension server = PostgresExtension.unmigrated();

        PostgresExtension server() {
            try {
                return server.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the shared PostgreSQL", e);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
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

    private void requireOwnServer(String what) {
        if (sharedTemplate != null) {
            throw new IllegalStateException("the shared PostgreSQL cannot be " + what + " by one test class: use "
                    + "PostgresExtension.migratedWith for a server of its own");
        }
    }

    private void requireStarted() {
        if (dataSource == null) {
            throw new IllegalStateException("PostgreSQL is not running: register this extension with "
                    + "@RegisterExtension on a static field and use it from tests or @BeforeAll/@BeforeEach");
        }
    }
}
