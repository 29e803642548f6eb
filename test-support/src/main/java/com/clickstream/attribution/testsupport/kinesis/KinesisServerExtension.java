package com.clickstream.attribution.testsupport.kinesis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * JUnit 5 extension that runs a local Kinesis-compatible server (Node.js) on 127.0.0.1 for one test
 * class: started before all tests, stopped with its process tree after them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();
 *
 * @Test
 * void arrives() {
 *     KINESIS.createStream("clicks", 2);
 *     ... KINESIS.client() / KINESIS.endpoint() ...
 *     assertThat(KINESIS.readAll("clicks")).hasSize(n);
 * }
 * }</pre>
 *
 * <p>Two flavours. {@link #kinesalite()} is fast and in-memory (about 15,000 records/s; use it
 * wherever volume matters). {@link #kinesisLocal()} (kinesis-mock) is ~30x slower but has
 * SubscribeToShard. <b>Neither enforces shard throughput limits</b> (verified: kinesalite has no
 * throttling code; kinesis-local 0.6.2 accepts any burst), so a test that needs
 * ProvisionedThroughputExceededException adds {@link #withShardWriteLimits()} (PutRecords/PutRecord:
 * 1,000 records/s and 1 MiB/s per shard) and/or {@link #withShardReadLimits()} (GetRecords: 5 calls/s
 * and 2 MiB/s per shard, shared by all consumers), each optionally with a seeded forced throttle ratio
 * (a machine slower than the limits still sees throttling),
 * which put a {@link ShardLimitProxy} in front of the server and expose it as
 * {@link #shardLimitedEndpoint()}; {@link #endpoint()} stays the unthrottled server.
 * {@link #throttledEntries()} and {@link #throttledReads()} count what the front turned away.
 *
 * <p>Clients built here use CBOR off ({@code aws.cborEnabled=false}, set before any client is
 * built): the AWS SDK speaks CBOR to Kinesis by default, and SDK v2 cannot read kinesalite's CBOR
 * GetRecords answers ("Unable to unmarshall response ... expecting token: VALUE_STRING, got:
 * START_OBJECT", checked here; puts still work, which hides the problem until the first read).
 * JSON works on both servers and on AWS. The property is JVM-wide and read when a client is
 * built, so a client built earlier in the same JVM keeps CBOR.
 *
 * <p>The server's output goes to {@code target/kinesis-servers/<package>-<port>.log} (relative to
 * the working directory, which is the module directory under Maven).
 */
public final class KinesisServerExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** Region every client built here signs for. */
    public static final Region REGION = Region.US_EAST_1;

    private static final AwsBasicCredentials DUMMY_CREDENTIALS = AwsBasicCredentials.create("local", "local");
    private static final Duration ACTIVE_POLL = Duration.ofMillis(500);
    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(60);

    /** The two servers npm installs in test-support/node_modules. */
    public enum Flavour {
        KINESALITE("kinesalite"),
        KINESIS_LOCAL("kinesis-local");

        private final String packageName;

        Flavour(String packageName) {
            this.packageName = packageName;
        }

        public String packageName() {
            return packageName;
        }
    }

    private final Flavour flavour;
    private Path nodeModulesDir;
    private Path logDir = Path.of("target", "kinesis-servers");
    private Duration startupTimeout = Duration.ofSeconds(60);
    private ShardWriteLimits writeLimits;
    private ShardReadLimits readLimits;

    private NodeServerProcess server;
    private KinesisClient client;
    private ShardLimitProxy proxy;
    private String startedBy;

    private KinesisServerExtension(Flavour flavour) {
        this.flavour = flavour;
    }

    /** kinesalite 3.3.3: in memory, fast, streams ACTIVE at once ({@code --createStreamMs 0}), shard limit 100. */
    public static KinesisServerExtension kinesalite() {
        return new KinesisServerExtension(Flavour.KINESALITE);
    }

    /** kinesis-local 0.6.2 (kinesis-mock): slow (~500 records/s), but has SubscribeToShard. */
    public static KinesisServerExtension kinesisLocal() {
        return new KinesisServerExtension(Flavour.KINESIS_LOCAL);
    }

    /** Adds {@link #shardLimitedEndpoint()} with the AWS write limits: 1,000 records/s and 1 MiB/s per shard. */
    public KinesisServerExtension withShardWriteLimits() {
        return withShardWriteLimits(ShardWriteLimits.AWS);
    }

    /** Adds {@link #shardLimitedEndpoint()} with the given per-shard write limits. */
    public KinesisServerExtension withShardWriteLimits(int recordsPerSecond, long bytesPerSecond) {
        return withShardWriteLimits(new ShardWriteLimits(recordsPerSecond, bytesPerSecond, 0, 0));
    }

    /** Adds {@link #shardLimitedEndpoint()} with the given per-shard write limits (e.g. AWS plus forced throttling). */
    public KinesisServerExtension withShardWriteLimits(ShardWriteLimits limits) {
        this.writeLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** Adds {@link #shardLimitedEndpoint()} with the AWS read limits: 5 GetRecords calls/s and 2 MiB/s per shard. */
    public KinesisServerExtension withShardReadLimits() {
        return withShardReadLimits(ShardReadLimits.AWS);
    }

    /** Adds {@link #shardLimitedEndpoint()} with the given per-shard read limits (e.g. AWS plus forced throttling). */
    public KinesisServerExtension withShardReadLimits(ShardReadLimits limits) {
        this.readLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** Where the npm packages are; default: {@code node.modules.dir} from test-support.properties. */
    public KinesisServerExtension nodeModulesDir(Path dir) {
        this.nodeModulesDir = Objects.requireNonNull(dir);
        return this;
    }

    /** Where the server log goes; default {@code target/kinesis-servers}. */
    public KinesisServerExtension logDir(Path dir) {
        this.logDir = Objects.requireNonNull(dir);
        return this;
    }

    public KinesisServerExtension startupTimeout(Duration timeout) {
        this.startupTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // A static extension is seen again by @Nested classes: start once, stop in the class that started it.
        if (server == null) {
            start();
            startedBy = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(startedBy)) {
            close();
        }
    }

    /** Starts the server (and the limit proxy if configured). For use outside JUnit; idempotent. */
    public synchronized KinesisServerExtension start() {
        if (server != null) {
            return this;
        }
        disableCbor();
        Path modules = nodeModulesDir != null ? nodeModulesDir : NodeServerProcess.nodeModulesDir();
        server = NodeServerProcess.start(flavour, modules, NodeServerProcess.nodeExecutable(), logDir, startupTimeout);
        try {
            client = newClient(server.endpoint());
            if (writeLimits != null || readLimits != null) {
                proxy = new ShardLimitProxy(server.endpoint(), client,
                        writeLimits != null ? new ShardWriteLimiter(writeLimits, System::nanoTime) : null,
                        readLimits != null ? new ShardReadLimiter(readLimits, System::nanoTime) : null);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Could not start the shard-limit proxy", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** Stops the proxy, the client and the server process tree. Idempotent. */
    @Override
    public synchronized void close() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        startedBy = null;
    }

    public Flavour flavour() {
        return flavour;
    }

    public boolean isRunning() {
        return server != null;
    }

    /** The server itself, {@code http://127.0.0.1:<port>}, without write limits. */
    public URI endpoint() {
        return running().endpoint();
    }

    public int port() {
        return running().port();
    }

    /**
     * The limited front: {@code http://127.0.0.1:<port>} applying the configured write and/or read
     * limits; only with {@link #withShardWriteLimits()} or {@link #withShardReadLimits()}.
     */
    public URI shardLimitedEndpoint() {
        running();
        if (proxy == null) {
            throw new IllegalStateException(
                    "No shard limits configured: use withShardWriteLimits() and/or withShardReadLimits()");
        }
        return proxy.endpoint();
    }

    /** Write entries (PutRecords) and calls (PutRecord) the front has rejected with ProvisionedThroughputExceededException so far. */
    public long throttledEntries() {
        return proxy == null ? 0 : proxy.throttledEntries();
    }

    /** {@link #throttledEntries()} per cause: {@code record_rate}, {@code byte_rate}, {@code forced}. */
    public Map<String, Long> throttledEntriesByCause() {
        return proxy == null ? Map.of() : proxy.throttledEntriesByCause();
    }

    /** GetRecords calls the front has rejected with ProvisionedThroughputExceededException so far. */
    public long throttledReads() {
        return proxy == null ? 0 : proxy.throttledReads();
    }

    /** GetRecords calls the front has seen on shards it could tell (throttled or not). */
    public long getRecordsCalls() {
        return proxy == null ? 0 : proxy.getRecordsCalls();
    }

    /** {@link #throttledReads()} per cause: {@code call_rate}, {@code byte_rate} (in debt after a big answer), {@code forced}. */
    public Map<String, Long> throttledReadsByCause() {
        return proxy == null ? Map.of() : proxy.throttledReadsByCause();
    }

    /**
     * {@link #throttledReads()} per client, keyed by the SDK in the User-Agent: {@code aws-sdk-java/1}
     * (e.g. the qubole connector's shaded SDK), {@code aws-sdk-java/2}, else the User-Agent's first word.
     */
    public Map<String, Long> throttledReadsByClient() {
        return proxy == null ? Map.of() : proxy.throttledReadsByClient();
    }

    public Path logFile() {
        return running().logFile();
    }

    /** A client of {@link #endpoint()} owned by the extension (closed after the class); do not close it. */
    public KinesisClient client() {
        running();
        return client;
    }

    /** A new client of {@link #endpoint()}; the caller closes it. */
    public KinesisClient newClient() {
        return newClient(endpoint());
    }

    /**
     * A Kinesis client for a local server: region us-east-1, dummy static credentials, endpoint
     * override, CBOR off, and the url-connection HTTP client when it is on the classpath (the
     * generator's production client), else the first the SDK's service loader finds, so the choice
     * is explicit rather than left to the SDK's ranking of whatever the classpath holds.
     */
    public static KinesisClient newClient(URI endpoint) {
        disableCbor();
        var builder = KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(DUMMY_CREDENTIALS))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60)));
        SdkHttpClient.Builder<?> http = preferredHttpClient();
        if (http != null) {
            builder.httpClientBuilder(http);
        }
        return builder.build();
    }

    /**
     * Creates a stream and returns once it is ACTIVE, polling DescribeStreamSummary every 0.5 s
     * (the SDK waiter polls every 10 s).
     */
    public void createStream(String name, int shards) {
        KinesisClient kinesis = client();
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (true) {
            StreamStatus status = kinesis.describeStreamSummary(b -> b.streamName(name))
                    .streamDescriptionSummary().streamStatus();
            if (status == StreamStatus.ACTIVE) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Stream " + name + " still " + status + " after " + ACTIVE_TIMEOUT);
            }
            try {
                Thread.sleep(ACTIVE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for stream " + name, e);
            }
        }
    }

    /**
     * Every record of every shard of a stream, from TRIM_HORIZON to the end, shard by shard (shards
     * in id order, records in sequence order within a shard). For assertions.
     */
    public List<Record> readAll(String stream) {
        KinesisClient kinesis = client();
        List<Shard> shards = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListShardsResponse response = page == null
                    ? kinesis.listShards(b -> b.streamName(stream))
                    : kinesis.listShards(b -> b.nextToken(page));
            shards.addAll(response.shards());
            token = response.nextToken();
        } while (token != null);
        shards.sort(Comparator.comparing(Shard::shardId));

        List<Record> records = new ArrayList<>();
        for (Shard shard : shards) {
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000));
                records.addAll(response.records());
                Long behind = response.millisBehindLatest();
                if (response.records().isEmpty() && (behind == null || behind == 0)) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return records;
    }

    private NodeServerProcess running() {
        NodeServerProcess s = server;
        if (s == null) {
            throw new IllegalStateException("The " + flavour.packageName()
                    + " server is not running: register the extension with @RegisterExtension (static) or call start()");
        }
        return s;
    }

    private static void disableCbor() {
        System.setProperty("aws.cborEnabled", "false");
    }

    private static SdkHttpClient.Builder<?> preferredHttpClient() {
        SdkHttpService fallback = null;
        for (SdkHttpService service : ServiceLoader.load(SdkHttpService.class)) {
            if (service.getClass().getName().contains("urlconnection")) {
                return service.createHttpClientBuilder();
            }
            if (fallback == null) {
                fallback = service;
            }
        }
        return fallback == null ? null : fallback.createHttpClientBuilder();
    }
}
