package com.clickstream.attribution.rawlanding.kinesis;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.rawlanding.LandingFailedException;
import com.clickstream.attribution.rawlanding.RawLandingOptions;
import com.clickstream.attribution.rawlanding.buffer.PendingObject;
import com.clickstream.attribution.rawlanding.buffer.ShardBuffers;
import com.clickstream.attribution.rawlanding.s3.CheckpointStore;
import com.clickstream.attribution.rawlanding.s3.ObjectStore;
import com.clickstream.attribution.rawlanding.s3.ShardCheckpoint;
import com.clickstream.attribution.support.aws.AwsErrors;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Lands one shard: GetRecords polling from its checkpoint, records into {@link ShardBuffers}, and a
 * flush when the buffers reach the size or the oldest reaches the interval. A flush is
 * <ol>
 *   <li>checkpoint {@code pendingThrough = last record read} (the intent),</li>
 *   <li>every buffer's object written (named by its first/last sequence numbers),</li>
 *   <li>checkpoint {@code sequenceNumber = last record read}, no intent.</li>
 * </ol>
 * After a crash the shard resumes AFTER {@code sequenceNumber}; with an intent, its first flush is cut
 * at exactly {@code pendingThrough}, so the replay rebuilds the same buffers, the same names, and
 * overwrites whatever the crash left: no event lost, none landed twice.
 *
 * <p>A failed S3 or Kinesis call is retried with capped exponential backoff until it works or the
 * landing is halted, if retrying can help ({@link AwsErrors#retryableCall}: throttling, 5xx, I/O,
 * timeouts; as Firehose retries). Any other failure (access denied, no such bucket or stream, a
 * corrupt checkpoint) ends the shard at once with a {@link LandingFailedException}, reported to
 * {@link Counters#failed}: retrying it forever would look like a landing that is merely slow.
 */
public final class ShardLander implements Runnable {

    /** How the lander ends. */
    public enum Mode {
        /** Until asked to stop; then flush and end. */
        RUN,
        /** Until the shard has been at its tip with no new record for the quiet period; then flush and end. */
        DRAIN
    }

    private static final Logger LOG = LoggerFactory.getLogger(ShardLander.class);

    private final String stream;
    private final String shardId;
    private final KinesisClient kinesis;
    private final ObjectStore store;
    private final CheckpointStore checkpoints;
    private final RawLandingOptions options;
    private final Counters counters;
    private final Mode mode;
    private final BooleanSupplier stopRequested;
    private final BooleanSupplier halted;
    private final ShardBuffers buffers;

    private ShardCheckpoint checkpoint;
    private String lastRead;
    private String cutAt;
    private volatile boolean finished;

    /** What the lander reports to the run's statistics. */
    public interface Counters {
        void read(int records);

        void flushed(List<PendingObject> objects);

        void retried();

        void behind(long millis);

        /** The shard ended on a failure retrying cannot fix; nothing after its last checkpoint was lost. */
        void failed(LandingFailedException failure);
    }

    public ShardLander(String stream, EventType type, String shardId, KinesisClient kinesis, ObjectStore store,
            CheckpointStore checkpoints, RawLandingOptions options, Counters counters, Mode mode,
            BooleanSupplier stopRequested, BooleanSupplier halted) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.kinesis = kinesis;
        this.store = store;
        this.checkpoints = checkpoints;
        this.options = options;
        this.counters = counters;
        this.mode = mode;
        this.stopRequested = stopRequested;
        this.halted = halted;
        this.buffers = new ShardBuffers(stream, shardId, type, options.validation(), Clock.systemUTC(), System::nanoTime);
    }

    public String shardId() {
        return shardId;
    }

    public String stream() {
        return stream;
    }

    public boolean finished() {
        return finished;
    }

    @Override
    public void run() {
        try {
            land();
        } catch (HaltedException e) {
            LOG.info("{}/{}: halted with {} records unflushed", stream, shardId, buffers.records());
        } catch (LandingFailedException e) {
            LOG.error(e.getMessage());
            counters.failed(e);
        } finally {
            finished = true;
        }
    }

    private void land() {
        checkpoint = retrying("read checkpoint", () -> checkpoints.read(stream, shardId));
        lastRead = checkpoint.sequenceNumber();
        cutAt = checkpoint.pendingThrough();
        LOG.info("{}/{}: starting {}{}", stream, shardId,
                lastRead == null ? "at " + options.initialPosition() : "after " + lastRead,
                cutAt == null ? "" : ", replaying an unfinished flush through " + cutAt);
        String iterator = iterator();
        long lastCall = 0;
        long quietSince = -1;
        while (true) {
            checkHalted();
            if (mode == Mode.RUN && stopRequested.getAsBoolean()) {
                if (cutAt == null) {
                    flush();
                } // else: stopping before the replayed flush is complete; the next start replays it again
                return;
            }
            pause(lastCall + options.minGetInterval().toNanos() - System.nanoTime());
            lastCall = System.nanoTime();
            String current = iterator;
            GetRecordsResponse response;
            try {
                response = retrying("GetRecords", () -> kinesis.getRecords(b -> b.shardIterator(current)
                        .limit(options.maxRecordsPerGet())));
            } catch (IteratorExpired e) {
                iterator = iterator();
                continue;
            }
            List<Record> records = response.records();
            counters.read(records.size());
            for (Record record : records) {
                buffers.add(record);
                lastRead = record.sequenceNumber();
                if (cutAt != null) {
                    if (compare(lastRead, cutAt) >= 0) { // > only if the stream lost records (retention)
                        flush();
                        cutAt = null;
                    }
                } else if (buffers.bytes() >= options.bufferBytes()) {
                    flush();
                }
            }
            Long behind = response.millisBehindLatest();
            counters.behind(behind == null ? 0 : behind);
            if (cutAt == null && !buffers.isEmpty() && buffers.oldestAgeNanos() >= options.bufferInterval().toNanos()) {
                flush();
            }
            iterator = response.nextShardIterator();
            if (iterator == null) { // shard closed (resharded) and fully read
                flush();
                LOG.info("{}/{}: shard closed, all records landed", stream, shardId);
                return;
            }
            boolean atTip = records.isEmpty() && (behind == null || behind == 0);
            if (!atTip) {
                quietSince = -1;
                continue;
            }
            if (mode == Mode.DRAIN) {
                long now = System.nanoTime();
                quietSince = quietSince < 0 ? now : quietSince;
                if (now - quietSince >= options.quietPeriod().toNanos()) {
                    flush(); // at the tip an intent whose records are gone can never be matched: flush anyway
                    cutAt = null;
                    LOG.info("{}/{}: quiet for {}, drained", stream, shardId, options.quietPeriod());
                    return;
                }
            }
            pause(options.pollInterval().toNanos());
        }
    }

    private String iterator() {
        String after = lastRead;
        return retrying("GetShardIterator", () -> (after == null
                ? kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId).shardIteratorType(
                        options.initialPosition() == RawLandingOptions.InitialPosition.LATEST
                                ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON))
                : kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(after)))
                .shardIterator());
    }

    private void flush() {
        if (buffers.isEmpty()) {
            return;
        }
        String through = lastRead;
        List<PendingObject> objects = buffers.render();
        ShardCheckpoint intent = checkpoint.pending(through);
        retrying("write checkpoint intent", () -> {
            checkpoints.write(intent);
            return null;
        });
        for (PendingObject object : objects) {
            retrying("put " + object.key(), () -> {
                store.put(object.key(), object.bytes());
                return null;
            });
        }
        ShardCheckpoint done = checkpoint.committed(through);
        retrying("write checkpoint", () -> {
            checkpoints.write(done);
            return null;
        });
        checkpoint = done;
        counters.flushed(objects);
        LOG.debug("{}/{}: flushed {} records in {} objects through {}", stream, shardId, buffers.records(),
                objects.size(), through);
        buffers.clear();
    }

    /**
     * Runs {@code call} until it works, backing off on a failure retrying can fix; a halt ends the wait,
     * any other failure ends the shard.
     */
    private <T> T retrying(String what, Supplier<T> call) {
        long backoffMillis = 100;
        while (true) {
            checkHalted();
            try {
                return call.get();
            } catch (ExpiredIteratorException e) {
                throw new IteratorExpired();
            } catch (RuntimeException e) {
                if (halted.getAsBoolean()) {
                    throw new HaltedException();
                }
                if (!AwsErrors.retryableCall(e)) {
                    throw new LandingFailedException("raw-landing " + stream + "/" + shardId + ": " + what
                            + " failed and retrying cannot help: " + AwsErrors.describe(e), e);
                }
                counters.retried();
                long wait = ThreadLocalRandom.current().nextLong(backoffMillis / 2, backoffMillis + 1);
                LOG.warn("{}/{}: {} failed ({}: {}), retrying in {} ms", stream, shardId, what,
                        e.getClass().getSimpleName(), e.getMessage(), wait);
                pause(Duration.ofMillis(wait).toNanos());
                backoffMillis = Math.min(backoffMillis * 2, Math.max(100, options.maxRetryBackoff().toMillis()));
            }
        }
    }

    private void pause(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HaltedException();
        }
    }

    private void checkHalted() {
        if (halted.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new HaltedException();
        }
    }

    private static int compare(String sequenceA, String sequenceB) {
        return new BigInteger(sequenceA).compareTo(new BigInteger(sequenceB));
    }

    /** The landing was halted: end now, flush nothing (a simulated or real crash). */
    private static final class HaltedException extends RuntimeException {
        HaltedException() {
            super(null, null, false, false);
        }
    }

    private static final class IteratorExpired extends RuntimeException {
        IteratorExpired() {
            super(null, null, false, false);
        }
    }
}
