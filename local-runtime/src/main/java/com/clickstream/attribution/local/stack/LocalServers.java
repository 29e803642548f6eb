package com.clickstream.attribution.local.stack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.local.RuntimeOptions;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * PostgreSQL, S3 and Kinesis for one run: each one started here on 127.0.0.1 (embedded PostgreSQL,
 * s3proxy on disk under the work folder, kinesalite), or an existing service when its endpoint is
 * given. Then: streams and bucket created if missing, schema migrated. {@link #close()} stops what
 * was started here, in reverse order.
 */
public final class LocalServers implements Endpoints, AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();
    private DataSource dataSource;
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;
    private URI kinesisEndpoint;
    private URI s3Endpoint;
    private KinesisClient kinesis;
    private S3Client s3;

    public static LocalServers start(RuntimeOptions options, Path workDir) throws IOException {
        LocalServers servers = new LocalServers();
        try {
            servers.startAll(options, workDir);
            return servers;
        } catch (IOException | RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    private void startAll(RuntimeOptions options, Path workDir) throws IOException {
        if (options.jdbcUrl() == null) {
            PostgresExtension pg = PostgresExtension.migratedWith(DatabaseMigrator::migrate);
            started.add(pg);
            pg.start();
            dataSource = pg.dataSource();
            jdbcUrl = pg.jdbcUrl();
            dbUser = pg.user();
            dbPassword = pg.password();
        } else {
            PGSimpleDataSource external = new PGSimpleDataSource();
            external.setUrl(options.jdbcUrl());
            dbUser = envOr("PGUSER", "postgres");
            dbPassword = envOr("PGPASSWORD", "");
            external.setUser(dbUser);
            external.setPassword(dbPassword);
            DatabaseMigrator.migrate(external);
            dataSource = external;
            jdbcUrl = options.jdbcUrl();
        }
        if (options.s3Endpoint() == null) {
            S3ServerExtension s3proxy = S3ServerExtension.inDirectory(workDir.resolve("s3"));
            started.add(s3proxy);
            s3proxy.start();
            s3Endpoint = s3proxy.endpoint();
        } else {
            s3Endpoint = options.s3Endpoint();
        }
        s3 = S3ServerExtension.newS3Client(s3Endpoint);
        started.add(s3);
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(options.bucket()))) {
            s3.createBucket(b -> b.bucket(options.bucket()));
        }
        if (options.kinesisEndpoint() == null) {
            KinesisServerExtension kinesalite = KinesisServerExtension.kinesalite().logDir(workDir.resolve("logs"));
            started.add(kinesalite);
            kinesalite.start();
            kinesisEndpoint = kinesalite.endpoint();
            for (EventType type : EventType.values()) {
                kinesalite.createStream(type.stream(), options.shards());
            }
        } else {
            kinesisEndpoint = options.kinesisEndpoint();
        }
        kinesis = KinesisServerExtension.newClient(kinesisEndpoint);
        started.add(kinesis);
        if (options.kinesisEndpoint() != null) {
            for (EventType type : EventType.values()) {
                try {
                    kinesis.createStream(b -> b.streamName(type.stream()).shardCount(options.shards()));
                } catch (ResourceInUseException exists) {
                    // an existing stream is used as it is
                }
            }
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public String dbUser() {
        return dbUser;
    }

    @Override
    public String dbPassword() {
        return dbPassword;
    }

    @Override
    public URI kinesisEndpoint() {
        return kinesisEndpoint;
    }

    @Override
    public URI s3Endpoint() {
        return s3Endpoint;
    }

    public KinesisClient kinesis() {
        return kinesis;
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + started.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        started.clear();
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }
}
