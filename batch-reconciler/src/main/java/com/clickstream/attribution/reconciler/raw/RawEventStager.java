package com.clickstream.attribution.reconciler.raw;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.recompute.CheckoutCopies;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the raw partitions a run needs, reads every object once and scatters the events that can
 * matter into per-bucket spill files ({@link BucketSpill}); checkouts go through {@link CheckoutCopies},
 * which resolves copies of a checkout id across buckets.
 *
 * <p>Which partitions: every arrival hour from {@code floor_hour(clicksFrom)} up to
 * {@code arrivalUntil}. An event cannot arrive before it happened, so nothing relevant lies in an
 * earlier partition; a late one lies in a later partition, which is why the listing runs to "now"
 * and not to the end of the range.
 *
 * <p>Which events: clicks with {@code event_ts} in {@code [clicksFrom, rollupTo)} (candidates of the
 * rollup days' checkouts, and the clicks of the click rollups) and checkouts with {@code event_ts} in
 * {@code [rollupFrom, rollupTo)}. Everything else is counted as read and dropped here.
 *
 * <p>Objects are fetched and decoded on {@code threads} threads (decoding Parquet into events is most of
 * the cost) and written to the spill files in listing order by the calling thread, so the spill files
 * are the same whatever the thread count. At most {@code threads + 1} decoded objects are held at once.
 *
 * <p>Bad objects are skipped with a reason, never stop the run: the skip list goes to the run summary.
 */
public final class RawEventStager {

    private static final Logger log = LoggerFactory.getLogger(RawEventStager.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final RawEventSource source;
    private final int threads;

    /** A stager decoding on one thread per available processor. */
    public RawEventStager(RawEventSource source) {
        this(source, Runtime.getRuntime().availableProcessors());
    }

    public RawEventStager(RawEventSource source, int threads) {
        this.source = Objects.requireNonNull(source, "source");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, was " + threads);
        }
        this.threads = threads;
    }

    /** Stages the events of {@code parameters} listed up to {@code arrivalUntil} into {@code dir}. */
    public StageResult stage(ReconciliationParameters parameters, Instant arrivalUntil, Path dir,
            Consumer<RejectedRawRow> rejectedRows) {
        RawListing listing = list(source, parameters, arrivalUntil);
        List<RawObject> objects = listing.objects();
        List<RawSkip> skips = new ArrayList<>(listing.skips());

        Filter filter = new Filter(parameters);
        long started = System.nanoTime();
        long[] lastLog = {started};
        long[] tally = new long[4]; // objects handed over, objects read, events read, rows rejected
        try (BucketSpill.Writer spill = new BucketSpill.Writer(dir, parameters.buckets());
                CheckoutCopies.Writer checkouts = new CheckoutCopies.Writer(dir, parameters.buckets())) {
            InOrderDecoding.run(objects, threads, "stage-decode", this::decode, decoded -> {
                tally[0]++;
                if (decoded.failure() != null) {
                    log.warn("skipping raw object {}", decoded.failure().getMessage());
                    skips.add(decoded.failure().toSkip());
                    return;
                }
                for (SpecificRecord event : decoded.events()) {
                    filter.offer(event, decoded.object(), spill, checkouts);
                }
                tally[1]++;
                tally[2] += decoded.events().size();
                tally[3] += decoded.rejected().size();
                decoded.rejected().forEach(rejectedRows);
                long now = System.nanoTime();
                if (now - lastLog[0] > PROGRESS_EVERY.toNanos()) {
                    lastLog[0] = now;
                    log.info("staging: {}/{} objects, {} events read, {} staged, {} events/s", tally[0],
                            objects.size(), tally[2], filter.staged, rate(tally[2], now - started));
                }
            });
        }
        CheckoutCopies.resolve(dir, parameters.buckets(), threads);
        long elapsed = System.nanoTime() - started;
        log.info("staging done: {} objects read, {} skipped, {} events read, {} staged, {} rows rejected, {} events/s",
                tally[1], skips.size(), tally[2], filter.staged, tally[3], rate(tally[2], elapsed));
        return new StageResult(objects.size(), tally[1], tally[2], filter.staged, tally[3], skips);
    }

    /**
     * The objects of every event type a run of {@code parameters} reads (arrival hours from
     * {@code floor_hour(clicksFrom)} to {@code arrivalUntil}), in listing order, with the listing's skips.
     */
    public static RawListing list(RawEventSource source, ReconciliationParameters parameters, Instant arrivalUntil) {
        Instant arrivalFrom = parameters.clicksFrom().truncatedTo(ChronoUnit.HOURS);
        List<RawObject> objects = new ArrayList<>();
        List<RawSkip> skips = new ArrayList<>();
        for (EventType type : EventType.values()) {
            RawListing listing = source.list(type, arrivalFrom, arrivalUntil);
            objects.addAll(listing.objects());
            skips.addAll(listing.skips());
        }
        log.info("staging: {} raw objects in arrival partitions {} .. {} ({} folders skipped)",
                objects.size(), arrivalFrom, arrivalUntil, skips.size());
        return new RawListing(objects, skips);
    }

    private Decoded decode(RawObject object) {
        List<SpecificRecord> events = new ArrayList<>();
        try {
            List<RejectedRawRow> rejected = source.read(object, events::add);
            return new Decoded(object, events, rejected, null);
        } catch (UnreadableRawObjectException e) {
            return new Decoded(object, List.of(), List.of(), e);
        }
    }

    /** One object's events, or why it could not be read. */
    private record Decoded(RawObject object, List<SpecificRecord> events, List<RejectedRawRow> rejected,
            UnreadableRawObjectException failure) {
    }

    static long rate(long count, long nanos) {
        return nanos <= 0 ? 0 : Math.round(count * 1e9 / nanos);
    }

    /** The event-time filter. */
    private static final class Filter {
        private final long clicksFrom;
        private final long checkoutsFrom;
        private final long until;
        long staged;

        Filter(ReconciliationParameters parameters) {
            this.clicksFrom = parameters.clicksFrom().toEpochMilli();
            this.checkoutsFrom = parameters.rollupFrom().toEpochMilli();
            this.until = parameters.rollupTo().toEpochMilli();
        }

        void offer(SpecificRecord event, RawObject object, BucketSpill.Writer spill, CheckoutCopies.Writer checkouts) {
            if (event instanceof Click click && object.type() == EventType.CLICK) {
                long ts = click.getEventTs().toEpochMilli();
                if (ts >= clicksFrom && ts < until) {
                    spill.click(click, object.arrivalHour());
                    staged++;
                }
            } else if (event instanceof Checkout checkout && object.type() == EventType.CHECKOUT) {
                long ts = checkout.getEventTs().toEpochMilli();
                if (ts >= checkoutsFrom && ts < until) {
                    checkouts.add(checkout, object.arrivalHour());
                    staged++;
                }
            } else {
                // RawEventSource reads an object with its folder's type: anything else is a bug, not bad data
                throw new IllegalStateException("raw source returned a " + event.getClass().getSimpleName()
                        + " for " + object.type() + " object " + object.key());
            }
        }
    }
}
