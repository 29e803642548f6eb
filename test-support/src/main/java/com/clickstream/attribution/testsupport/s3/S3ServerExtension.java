package com.clickstream.attribution.testsupport.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * JUnit 5 extension that runs an embedded S3-compatible server (s3proxy) on 127.0.0.1 on a free
 * port for one test class: started before all tests, stopped after them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3ServerExtension S3 = S3ServerExtension.inMemory();
 *
 * @Test
 * void lands() {
 *     S3.createBucket("raw");
 *     ... S3.s3Client() / S3.endpoint() ...
 *     assertThat(S3.listKeys("raw", "raw/click/")).hasSize(n);
 * }
 * }</pre>
 *
 * <p>{@link #inMemory()} keeps objects in an in-memory file system (s3proxy's
 * {@code TransientNio2BlobStore}); {@link #inDirectory(Path)} keeps them as files, handy to look at
 * after a run. Authentication is AWS signature V2 or V4 with the fixed dummy key pair
 * {@link #ACCESS_KEY}/{@link #SECRET_KEY}; clients use path-style addressing and region us-east-1.
 *
 * <p>Outages: a server {@link #inDirectory(Path)} can be stopped with {@link #stopServer()} and started
 * again on the same port with {@link #restartServer()}; its objects survive (they are files) and the
 * clients handed out keep working once it is back (calls in between fail with connection errors).
 * An in-memory server refuses, since stopping it would lose every object.
 *
 * <p>Logging: s3proxy's and Jetty's loggers are set to WARN for slf4j-simple (unless the test sets
 * {@code org.slf4j.simpleLogger.log.org.gaul} / {@code ...org.eclipse.jetty} itself), since
 * s3proxy otherwise logs every request.
 *
 * <p>Dependencies: s3proxy, the AWS SDK {@code s3} and {@code url-connection-client} are OPTIONAL
 * in test-support; a module that uses this class declares them (test scope, s3proxy without
 * {@code logback-classic}) and pins {@code com.fasterxml.jackson.core:jackson-annotations} 2.22 in its
 * own dependencyManagement (see test-support/pom.xml).
 */
public final class S3ServerExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";
    public static final Region REGION = Region.US_EAST_1;

    private final Path directoryOrNull;
    private S3Proxy proxy;
    /** Set from the first start until {@link #close()}: a stopped server keeps its address for the restart. */
    private URI endpoint;
    private S3Client client;
    private final List<S3Client> extraClients = new ArrayList<>();

    private S3ServerExtension(Path directoryOrNull) {
        this.directoryOrNull = directoryOrNull;
    }

    /** Objects in memory, gone when the server stops. */
    public static S3ServerExtension inMemory() {
        return new S3ServerExtension(null);
    }

    /** Objects as files under {@code directory} (created if missing), one folder per bucket. */
    public static S3ServerExtension inDirectory(Path directory) {
        return new S3ServerExtension(Objects.requireNonNull(directory, "directory"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /**
     * Starts the server (idempotent) on a free port, or, after {@link #stopServer()}, on its old port;
     * for use outside JUnit, pair with {@link #close()}.
     */
    public synchronized S3ServerExtension start() {
        if (proxy != null) {
            return this;
        }
        quietLogging();
        if (endpoint != null) {
            return restartServer();
        }
        proxy = launch(0, Duration.ZERO);
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        return this;
    }

    /**
     * Stops the server but keeps its address and its objects, to inject an S3 outage: calls fail with
     * connection errors until {@link #restartServer()}. Only for {@link #inDirectory(Path)} servers.
     *
     * @throws IllegalStateException for an in-memory server (its objects would be lost) or one never started
     */
    public synchronized void stopServer() {
        if (directoryOrNull == null) {
            throw new IllegalStateException("an in-memory s3proxy loses its objects when stopped: "
                    + "use S3ServerExtension.inDirectory(dir) to stop and restart it");
        }
        if (endpoint == null) {
            throw new IllegalStateException("s3proxy was never started");
        }
        if (proxy != null) {
            stopQuietly(proxy);
            proxy = null;
        }
    }

    /**
     * Starts a stopped server again on the same port with the same directory (idempotent when running).
     * Waits up to 30 s for the port, which the old server's connections may hold for a moment.
     */
    public synchronized S3ServerExtension restartServer() {
        if (directoryOrNull == null) {
            throw new IllegalStateException("an in-memory s3proxy cannot be restarted with its objects: "
                    + "use S3ServerExtension.inDirectory(dir)");
        }
        if (endpoint == null) {
            throw new IllegalStateException("s3proxy was never started (or was closed): call start()");
        }
        if (proxy == null) {
            proxy = launch(endpoint.getPort(), Duration.ofSeconds(30));
        }
        return this;
    }

    /** A started s3proxy on {@code port} (0 = a free one), retrying a busy port until {@code portWait} ends. */
    private S3Proxy launch(int port, Duration portWait) {
        long portDeadline = System.nanoTime() + portWait.toNanos();
        while (true) {
            try {
                return launchOnce(port);
            } catch (IllegalStateException e) {
                if (System.nanoTime() > portDeadline) {
                    throw e;
                }
                sleep(200);
            }
        }
    }

    private S3Proxy launchOnce(int port) {
        BlobStore store;
        if (directoryOrNull == null) {
            store = new TransientNio2BlobStore();
        } else {
            try {
                Files.createDirectories(directoryOrNull);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store = new FilesystemNio2BlobStore(directoryOrNull.toAbsolutePath().toString());
        }
        S3Proxy started = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            started.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(started.getState())) {
                if (System.nanoTime() > deadline || "FAILED".equals(started.getState())) {
                    throw new IllegalStateException("s3proxy did not start: " + started.getState());
                }
                Thread.sleep(10);
            }
            return started;
        } catch (InterruptedException e) {
            stopQuietly(started);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting s3proxy", e);
        } catch (Exception e) {
            stopQuietly(started);
            throw new IllegalStateException("s3proxy failed to start on port " + port, e);
        }
    }

    /** Closes the clients handed out and stops the server (idempotent). */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        extraClients.forEach(S3Client::close);
        extraClients.clear();
        if (proxy != null) {
            stopQuietly(proxy);
            proxy = null;
        }
        endpoint = null;
    }

    /** True while the server answers: started, and not stopped by {@link #stopServer()} or {@link #close()}. */
    public synchronized boolean isRunning() {
        return proxy != null;
    }

    /** {@code http://127.0.0.1:<port>}; the same while stopped by {@link #stopServer()}. */
    public synchronized URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException(
                    "s3proxy is not running: register the extension with @RegisterExtension (static) or call start()");
        }
        return endpoint;
    }

    /** A shared client for this server (closed with the server). */
    public synchronized S3Client s3Client() {
        if (client == null) {
            client = newS3Client(endpoint());
        }
        return client;
    }

    /** A new client for this server, closed with the server (e.g. one per thread or per component under test). */
    public synchronized S3Client newS3Client() {
        S3Client extra = newS3Client(endpoint());
        extraClients.add(extra);
        return extra;
    }

    /**
     * A client for any local S3-compatible server: path-style, region us-east-1, this class's dummy
     * credentials, url-connection HTTP client, 60 s per call. The caller closes it.
     */
    public static S3Client newS3Client(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }

    /** Creates a bucket (no error if this server already has it). */
    public void createBucket(String name) {
        S3Client s3 = s3Client();
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(name))) {
            s3.createBucket(b -> b.bucket(name));
        }
    }

    /** Every key under {@code prefix} in key order (all pages). For assertions. */
    public List<String> listKeys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : s3Client().listObjectsV2Paginator(ListObjectsV2Request.builder()
                .bucket(bucket).prefix(prefix).build()).contents()) {
            keys.add(object.key());
        }
        return keys;
    }

    public byte[] getBytes(String bucket, String key) {
        return s3Client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    public void putBytes(String bucket, String key, byte[] bytes) {
        s3Client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private static void quietLogging() {
        for (String logger : List.of("org.gaul", "org.eclipse.jetty")) {
            String property = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(property) == null) {
                System.setProperty(property, "warn");
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the s3proxy port", e);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            // best effort on shutdown
        }
    }
}
