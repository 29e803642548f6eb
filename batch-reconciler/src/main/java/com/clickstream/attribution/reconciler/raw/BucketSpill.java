package com.clickstream.attribution.reconciler.raw;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Local per-bucket files the staging step scatters raw events into, so that each recompute
 * partition reads only its own users' events (one pass over S3 instead of one per partition).
 *
 * <p>Format: a sequence of entries {@code (kind: int, arrivalHour: long, event: Avro binary)} with
 * the contract's schemas ({@code Click}, {@code Checkout}). The files are scratch data: the staging
 * step rewrites them on every execution, restarts included.
 */
public final class BucketSpill {

    private static final int CLICK = 0;
    private static final int CHECKOUT = 1;

    private BucketSpill() {
    }

    /** The file of {@code bucket} under {@code dir}. */
    public static Path file(Path dir, int bucket) {
        return dir.resolve(UserBuckets.partitionName(bucket) + ".avrobin");
    }

    /** Receives the entries of a spill file in the order they were written. */
    public interface EntryConsumer {
        void accept(SpecificRecord event, Instant arrivalHour);
    }

    /** Writes the spill files of all buckets of one run. Not thread-safe. */
    public static final class Writer implements Closeable {

        private final OutputStream[] outs;
        private final BinaryEncoder[] encoders;
        private final SpecificDatumWriter<Click> clicks = new SpecificDatumWriter<>(Click.class);
        private final SpecificDatumWriter<Checkout> checkouts = new SpecificDatumWriter<>(Checkout.class);
        private final int buckets;

        public Writer(Path dir, int buckets) {
            this.buckets = buckets;
            this.outs = new OutputStream[buckets];
            this.encoders = new BinaryEncoder[buckets];
            try {
                Files.createDirectories(dir);
                for (int b = 0; b < buckets; b++) {
                    outs[b] = new BufferedOutputStream(Files.newOutputStream(file(dir, b)), 1 << 16);
                    // buffered: the direct encoder makes one stream call per int/long/string, which cost more than the
                    // encoding itself; flushed in close()
                    encoders[b] = EncoderFactory.get().binaryEncoder(outs[b], null);
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot create spill files in " + dir, e);
            }
        }

        public void click(Click click, Instant arrivalHour) {
            BinaryEncoder out = encoders[UserBuckets.bucketOf(click.getUserId(), buckets)];
            try {
                out.writeInt(CLICK);
                out.writeLong(arrivalHour.toEpochMilli());
                clicks.write(click, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void checkout(Checkout checkout, Instant arrivalHour) {
            BinaryEncoder out = encoders[UserBuckets.bucketOf(checkout.getUserId(), buckets)];
            try {
                out.writeInt(CHECKOUT);
                out.writeLong(arrivalHour.toEpochMilli());
                checkouts.write(checkout, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            IOException failure = null;
            for (int b = 0; b < buckets; b++) {
                OutputStream out = outs[b];
                if (out == null) {
                    continue;
                }
                try {
                    if (encoders[b] != null) {
                        encoders[b].flush();
                    }
                    out.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new UncheckedIOException(failure);
            }
        }
    }

    /** Reads every entry of one bucket's file; a missing file is an empty bucket. */
    public static void read(Path file, EntryConsumer consumer) {
        if (!Files.exists(file)) {
            return;
        }
        SpecificDatumReader<Click> clicks = new SpecificDatumReader<>(Click.class);
        SpecificDatumReader<Checkout> checkouts = new SpecificDatumReader<>(Checkout.class);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(in, null);
            while (!decoder.isEnd()) {
                int kind = decoder.readInt();
                Instant arrival = Instant.ofEpochMilli(decoder.readLong());
                SpecificRecord event = kind == CLICK ? clicks.read(null, decoder) : checkouts.read(null, decoder);
                consumer.accept(event, arrival);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spill file " + file, e);
        }
    }
}
