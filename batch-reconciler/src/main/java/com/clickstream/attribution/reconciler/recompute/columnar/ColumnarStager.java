package com.clickstream.attribution.reconciler.recompute.columnar;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.reconciler.raw.InOrderDecoding;
import com.clickstream.attribution.reconciler.raw.RawEventStager;
import com.clickstream.attribution.reconciler.raw.RawListing;
import com.clickstream.attribution.reconciler.raw.RawObject;
import com.clickstream.attribution.reconciler.raw.RawObjectDecoder;
import com.clickstream.attribution.reconciler.raw.RawSkip;
import com.clickstream.attribution.reconciler.raw.RejectedRawRow;
import com.clickstream.attribution.reconciler.raw.StageResult;
import com.clickstream.attribution.reconciler.raw.UnreadableRawObjectException;
import com.clickstream.attribution.reconciler.recompute.CheckoutCopies;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The columnar engine's staging: the same listing, event-time filter, skips and dead letters as
 * {@link RawEventStager}, but click objects are decoded column by column ({@link ClickObjectDecoder})
 * into per-bucket click rows ({@link ClickSpill}). A click object the columnar decoder cannot vouch for
 * (an unusual layout, or any row not certainly valid) is decoded row at a time by
 * {@link RawObjectDecoder}, which gives its rows their exact verdicts; checkouts (few) always are, and go
 * through {@link CheckoutCopies}.
 *
 * <p>Objects are fetched and decoded on {@code threads} threads and written by the calling thread in
 * listing order (at most {@code threads + 1} decoded objects held), so the files do not depend on the
 * thread count.
 */
final class ColumnarStager {

    private static final Logger log = LoggerFactory.getLogger(ColumnarStager.class);

    private final RawEventSource source;
    private final int threads;

    ColumnarStager(RawEventSource source, int threads) {
        this.source = source;
        this.threads = threads;
    }

    StageResult stage(ReconciliationParameters parameters, Instant arrivalUntil, Path dir,
            Consumer<RejectedRawRow> rejectedRows) {
        RawListing listing = RawEventStager.list(source, parameters, arrivalUntil);
        List<RawObject> objects = listing.objects();
        List<RawSkip> skips = new ArrayList<>(listing.skips());
        Filter filter = new Filter(parameters);
        long started = System.nanoTime();
        long[] tally = new long[5]; // objects read, row at a time, events read, staged, rows rejected
        FieldCodes codes = new FieldCodes();
        // per staging, as the codes: decoders and chunks are reused across objects (at most threads + 1 chunks exist)
        ThreadLocal<ClickObjectDecoder> decoders = ThreadLocal.withInitial(() -> new ClickObjectDecoder(codes));
        Queue<ClickSpill.Chunks> freeChunks = new ConcurrentLinkedQueue<>();
        try (ClickSpill.Writer clicks = new ClickSpill.Writer(dir, parameters.buckets());
                CheckoutCopies.Writer checkouts = new CheckoutCopies.Writer(dir, parameters.buckets())) {
            InOrderDecoding.run(objects, threads, "stage-columnar", o -> decode(o, filter, codes, decoders.get(), freeChunks), decoded -> {
                if (decoded.failure() != null) {
                    log.warn("skipping raw object {}", decoded.failure().getMessage());
                    skips.add(decoded.failure().toSkip());
                    return;
                }
                clicks.write(decoded.clicks());
                for (Checkout checkout : decoded.checkouts()) {
                    checkouts.add(checkout, decoded.object().arrivalHour());
                }
                tally[0]++;
                tally[1] += decoded.rowAtATime() ? 1 : 0;
                tally[2] += decoded.read();
                tally[3] += decoded.clicks().staged + decoded.checkouts().size();
                tally[4] += decoded.rejected().size();
                decoded.rejected().forEach(rejectedRows);
                decoded.clicks().clear();
                freeChunks.add(decoded.clicks());
            });
        }
        CheckoutCopies.resolve(dir, parameters.buckets(), threads);
        codes.write(dir);
        long elapsed = System.nanoTime() - started;
        // the same leading figures as RawEventStager's closing line, which operators and the fault suite read
        log.info("staging done: {} objects read, {} skipped, {} events read, {} staged, {} rows rejected; columnar, "
                + "{} objects row at a time, {} ms", tally[0], skips.size(), tally[2], tally[3], tally[4], tally[1],
                elapsed / 1_000_000);
        return new StageResult(objects.size(), tally[0], tally[2], tally[3], tally[4], skips);
    }

    private Decoded decode(RawObject object, Filter filter, FieldCodes codes, ClickObjectDecoder decoder,
            Queue<ClickSpill.Chunks> freeChunks) {
        ClickSpill.Chunks free = freeChunks.poll();
        ClickSpill.Chunks clicks = free != null ? free : new ClickSpill.Chunks(filter.buckets(), codes);
        try {
            byte[] bytes = source.fetch(object);
            int hour = (int) Math.floorDiv(object.arrivalHour().getEpochSecond(), 3600);
            if (object.type() == EventType.CLICK) {
                ClickRows rows = columnar(decoder, bytes, object);
                if (rows != null) {
                    for (int r = 0; r < rows.rows; r++) {
                        if (filter.click(rows.ts[r])) {
                            clicks.add(rows, r, hour);
                        }
                    }
                    return new Decoded(object, clicks, List.of(), rows.rows, List.of(), false, null);
                }
            }
            List<SpecificRecord> events = new ArrayList<>();
            List<RejectedRawRow> rejected = RawObjectDecoder.decode(object, bytes, events::add);
            List<Checkout> checkouts = new ArrayList<>();
            for (SpecificRecord event : events) {
                if (event instanceof Click click && object.type() == EventType.CLICK) {
                    if (filter.click(click.getEventTs().toEpochMilli())) {
                        clicks.add(click, hour);
                    }
                } else if (event instanceof Checkout checkout && object.type() == EventType.CHECKOUT) {
                    if (filter.checkout(checkout.getEventTs().toEpochMilli())) {
                        checkouts.add(checkout);
                    }
                } else {
                    throw new IllegalStateException("raw decoder returned a " + event.getClass().getSimpleName()
                            + " for " + object.type() + " object " + object.key());
                }
            }
            return new Decoded(object, clicks, checkouts, events.size(), rejected, object.type() == EventType.CLICK, null);
        } catch (UnreadableRawObjectException e) {
            return new Decoded(object, clicks, List.of(), 0, List.of(), false, e);
        }
    }

    /** The object's rows decoded column by column, or null when the columnar decoder cannot vouch for it. */
    private ClickRows columnar(ClickObjectDecoder decoder, byte[] bytes, RawObject object) {
        try {
            return decoder.decode(bytes, object.key(), RawObjectDecoder.judgedAt(object));
        } catch (UnsupportedPageException e) {
            log.debug("{}: read row at a time ({})", object.key(), e.getMessage());
            return null;
        } catch (Exception e) { // a damaged file: the row-at-a-time decoder names the failure
            log.debug("{}: read row at a time ({})", object.key(), e.toString());
            return null;
        }
    }

    /** One object's staged rows, or why it could not be read. */
    private record Decoded(RawObject object, ClickSpill.Chunks clicks, List<Checkout> checkouts, long read,
            List<RejectedRawRow> rejected, boolean rowAtATime, UnreadableRawObjectException failure) {
    }

    /** The event-time filter of {@link RawEventStager}, and the bucket count. */
    private record Filter(long clicksFrom, long checkoutsFrom, long until, int buckets) {
        Filter(ReconciliationParameters parameters) {
            this(parameters.clicksFrom().toEpochMilli(), parameters.rollupFrom().toEpochMilli(),
                    parameters.rollupTo().toEpochMilli(), parameters.buckets());
        }

        boolean click(long ts) {
            return ts >= clicksFrom && ts < until;
        }

        boolean checkout(long ts) {
            return ts >= checkoutsFrom && ts < until;
        }
    }
}
