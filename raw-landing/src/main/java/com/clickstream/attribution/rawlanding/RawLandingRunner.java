package com.clickstream.attribution.rawlanding;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.rawlanding.buffer.PendingObject;
import com.clickstream.attribution.rawlanding.kinesis.ShardLander;
import com.clickstream.attribution.rawlanding.s3.CheckpointStore;
import com.clickstream.attribution.rawlanding.s3.ObjectStore;
import com.clickstream.attribution.rawlanding.s3.S3ObjectStore;
import com.clickstream.attribution.support.aws.AwsClients;
import com.clickstream.attribution.support.aws.AwsErrors;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The raw landing: one {@link ShardLander} thread per shard of the clicks and checkouts streams.
 *
 * <ul>
 *   <li>{@link #start()} then {@link #stop()}: run until stopped; stop flushes what is buffered and
 *       checkpoints (for a long-running local runtime).</li>
 *   <li>{@link #drain()}: run until every shard has been quiet for the quiet period, flush, return
 *       ("land what is in the streams and exit").</li>
 *   <li>{@link #halt()}: end at once without flushing, like a crash; the next run resumes from the
 *       checkpoints with no loss and no duplicate.</li>
 * </ul>
 * A shard that fails with an error retrying cannot fix ({@link LandingFailedException}) halts every
 * shard (as a crash would: the next run resumes from the checkpoints), and {@link #drain()},
 * {@link #stop()} and {@link #awaitEnd()} throw it.
 * Shards are listed once at start: a stream resharded while running is picked up by the next run
 * (a closed parent shard is landed to its end; its children are new shards then). Progress is logged
 * every {@code progress.interval}.
 */
public final class RawLandingRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RawLandingRunner.class);

    private final RawLandingOptions options;
    private final KinesisClient kinesis;
    private final ObjectStore store;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final LandingStats stats = new LandingStats();
    private final List<ShardLander> landers = new ArrayList<>();
    private ExecutorService shards;
    private ExecutorService progress;
    private volatile boolean stopRequested;
    private volatile boolean halted;
    private volatile LandingFailedException failure;
    private long startNanos;

    /** Uses the given clients (not closed by this runner). */
    public RawLandingRunner(RawLandingOptions options, KinesisClient kinesis, ObjectStore store) {
        this.options = Objects.requireNonNull(options, "options");
        this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Builds its own clients from the options' endpoints and region; {@link #close()} closes them. */
    public static RawLandingRunner create(RawLandingOptions options) {
        KinesisClient kinesis = kinesisClient(options);
        S3Client s3 = s3Client(options);
        RawLandingRunner runner = new RawLandingRunner(options, kinesis, new S3ObjectStore(s3, options.bucket()));
        runner.owned.add(kinesis);
        runner.owned.add(s3);
        return runner;
    }

    /** The endpoint the landing's Kinesis client uses: the option, else the SDK's environment variables, else AWS. */
    static URI kinesisEndpoint(RawLandingOptions options) {
        return AwsClients.endpoint(options.kinesisEndpoint(), "KINESIS", System.getenv());
    }

    /** The endpoint the landing's S3 client uses: the option, else the SDK's environment variables, else AWS. */
    static URI s3Endpoint(RawLandingOptions options) {
        return AwsClients.endpoint(options.s3Endpoint(), "S3", System.getenv());
    }

    /** The project's one client set-up ({@link AwsClients}: no SDK retries, the landers retry what can pass). */
    static KinesisClient kinesisClient(RawLandingOptions options) {
        return AwsClients.kinesis(kinesisEndpoint(options), Region.of(options.region()));
    }

    static S3Client s3Client(RawLandingOptions options) {
        return AwsClients.s3(s3Endpoint(options), Region.of(options.region()));
    }

    /** Starts landing until {@link #stop()} or {@link #halt()}; returns at once. */
    public synchronized void start() {
        start(ShardLander.Mode.RUN);
    }

    /** Lands until every shard is quiet, flushes, and returns the run's figures; throws a shard's failure. */
    public LandingStats.Snapshot drain() throws InterruptedException {
        start(ShardLander.Mode.DRAIN);
        awaitShards();
        finish();
        throwFailure();
        return stats.snapshot();
    }

    /** Flushes every shard's buffers, writes the checkpoints and ends; waits for it; throws a shard's failure. */
    public void stop() throws InterruptedException {
        stopRequested = true;
        awaitShards();
        finish();
        throwFailure();
    }

    /**
     * Waits until every shard has ended without being asked to: a failure (thrown) or every shard closed
     * by resharding (returns). For a command line that runs until the JVM is stopped.
     */
    public void awaitEnd() throws InterruptedException {
        awaitShards();
        finish();
        throwFailure();
    }

    /** The first shard failure, if any (the landing is halted then). */
    public LandingFailedException failure() {
        return failure;
    }

    /** Ends now: no flush, no checkpoint for what is buffered (as a crash would). Waits for the threads. */
    public void halt() throws InterruptedException {
        halted = true;
        if (shards != null) {
            shards.shutdownNow();
        }
        awaitShards();
        finish();
    }

    public LandingStats.Snapshot stats() {
        return stats.snapshot();
    }

    /** True once every shard thread has ended (after drain, stop, halt, or all shards closed). */
    public boolean finished() {
        return shards != null && shards.isTerminated();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (shards != null && !shards.isTerminated()) {
                stop();
            }
        } finally {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("closing {}", c, e);
                }
            }
            owned.clear();
        }
    }

    private void throwFailure() {
        if (failure != null) {
            throw failure;
        }
    }

    private synchronized void start(ShardLander.Mode mode) {
        if (shards != null) {
            throw new IllegalStateException("a runner runs once; create a new one to resume from the checkpoints");
        }
        CheckpointStore checkpoints = new CheckpointStore(store, options.checkpointPrefix(), Clock.systemUTC());
        ShardLander.Counters counters = counters();
        for (EventType type : EventType.values()) {
            String stream = options.stream(type);
            for (Shard shard : listShards(stream)) {
                landers.add(new ShardLander(stream, type, shard.shardId(), kinesis, store, checkpoints, options,
                        counters, mode, () -> stopRequested, () -> halted));
            }
        }
        AtomicInteger n = new AtomicInteger();
        shards = Executors.newFixedThreadPool(landers.size(), r -> daemon(r, "raw-landing-" + n.incrementAndGet()));
        startNanos = System.nanoTime();
        landers.forEach(shards::submit);
        shards.shutdown(); // no more tasks; threads end with their landers
        progress = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "raw-landing-progress"));
        long every = Math.max(1, options.progressInterval().toMillis());
        ((java.util.concurrent.ScheduledExecutorService) progress)
                .scheduleAtFixedRate(this::logProgress, every, every, TimeUnit.MILLISECONDS);
        LOG.info("raw-landing: {} shards of {} into {} ({} mode, buffer {} bytes / {})", landers.size(),
                options.streams().values(), store, mode, options.bufferBytes(), options.bufferInterval());
    }

    private ShardLander.Counters counters() {
        return new ShardLander.Counters() {
            @Override
            public void read(int records) {
                stats.recordsRead.addAndGet(records);
            }

            @Override
            public void flushed(List<PendingObject> objects) {
                stats.flushes.incrementAndGet();
                for (PendingObject o : objects) {
                    (o.errors() ? stats.recordsRejected : stats.eventsLanded).addAndGet(o.records());
                    (o.errors() ? stats.errorObjectsWritten : stats.objectsWritten).incrementAndGet();
                    stats.bytesWritten.addAndGet(o.bytes().length);
                }
            }

            @Override
            public void retried() {
                stats.retries.incrementAndGet();
            }

            @Override
            public void failed(LandingFailedException e) {
                synchronized (RawLandingRunner.this) {
                    if (failure == null) {
                        failure = e;
                    }
                }
                halted = true; // the other shards would fail the same way; they resume from their checkpoints
            }

            @Override
            public void behind(long millis) {
                stats.maxMillisBehind.set(millis); // latest value of any shard: a rough lag gauge
            }
        };
    }

    private List<Shard> listShards(String stream) {
        List<Shard> all = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListShardsResponse response = withRetries("ListShards " + stream, () -> page == null
                    ? kinesis.listShards(b -> b.streamName(stream))
                    : kinesis.listShards(b -> b.nextToken(page)));
            all.addAll(response.shards());
            token = response.nextToken();
        } while (token != null);
        all.sort(Comparator.comparing(Shard::shardId));
        return all;
    }

    /** A few attempts for a start-up call that failed with throttling, 5xx or I/O (the clients do not retry). */
    private static <T> T withRetries(String what, java.util.function.Supplier<T> call) {
        long waitMillis = 200;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt >= 5 || !AwsErrors.retryableCall(e)) {
                    throw e;
                }
                LOG.warn("raw-landing: {} failed ({}), attempt {} of 5", what, AwsErrors.describe(e), attempt);
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                waitMillis *= 2;
            }
        }
    }

    private void awaitShards() throws InterruptedException {
        if (shards == null) {
            return;
        }
        while (!shards.awaitTermination(1, TimeUnit.SECONDS)) {
            // waiting: a shard may be retrying a failing call; halt() ends that
        }
    }

    private synchronized void finish() {
        if (progress != null) {
            progress.shutdownNow();
            progress = null;
            LOG.info("raw-landing: {} in {}", stats.snapshot(), Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    private void logProgress() {
        LandingStats.Snapshot s = stats.snapshot();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        LOG.info("raw-landing: {} ({} records/s, {} of {} shards done, latest lag {} ms)", s,
                Math.round(s.recordsRead() / Math.max(seconds, 1e-3)),
                landers.stream().filter(ShardLander::finished).count(), landers.size(), s.maxMillisBehind());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
