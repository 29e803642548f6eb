package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.reconciler.raw.InOrderDecoding;
import com.clickstream.attribution.reconciler.raw.UserBuckets;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Resolves the copies of each checkout id across the whole run, not per bucket: a bad producer may reuse
 * one checkout id for two users, whose copies then land in two user buckets. Exactly one copy of an id
 * survives, the first by {@link BucketEvents#CHECKOUT_COPIES} (earliest event_ts, smallest total, currency,
 * user, session, payment method), in its own user's bucket; it carries the number of records of the id
 * (copies) and the earliest arrival of any of them. Both engines stage checkouts through this class.
 *
 * <p>Staging writes each checkout to a file chosen by a hash of its id ({@link Writer}); {@link #resolve}
 * then reads one such file at a time (so memory holds one id partition's checkouts) and writes the
 * surviving copies to their user bucket's file, which {@link #read} returns. Records and duplicates of a
 * checkout id are counted in the bucket of the surviving copy.
 */
public final class CheckoutCopies {

    private CheckoutCopies() {
    }

    static Path idFile(Path dir, int partition) {
        return dir.resolve(UserBuckets.partitionName(partition) + ".checkout-ids");
    }

    static Path bucketFile(Path dir, int bucket) {
        return dir.resolve(UserBuckets.partitionName(bucket) + ".checkouts");
    }

    /** Spills staged checkouts by id partition. Not thread-safe. */
    public static final class Writer implements Closeable {
        private final Files2 files;
        private final SpecificDatumWriter<Checkout> avro = new SpecificDatumWriter<>(Checkout.class);

        public Writer(Path dir, int buckets) {
            this.files = new Files2(dir, buckets, CheckoutCopies::idFile);
        }

        public void add(Checkout checkout, Instant arrivalHour) {
            BinaryEncoder out = files.encoder(UserBuckets.bucketOf(checkout.getEventId(), files.size()));
            try {
                out.writeLong(arrivalHour.toEpochMilli());
                avro.write(checkout, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            files.close();
        }
    }

    /**
     * Resolves the staged checkouts of {@code dir} into one file per user bucket: id partitions are read and
     * resolved on {@code threads} threads, and written by the calling thread in partition order, so the files
     * do not depend on the thread count.
     */
    public static void resolve(Path dir, int buckets, int threads) {
        SpecificDatumWriter<Checkout> avro = new SpecificDatumWriter<>(Checkout.class);
        List<Integer> partitions = IntStream.range(0, buckets).boxed().toList();
        try (Files2 out = new Files2(dir, buckets, CheckoutCopies::bucketFile)) {
            InOrderDecoding.run(partitions, threads, "resolve-checkouts", p -> survivors(dir, p), survivors -> {
                try {
                    for (Tracked<Checkout> kept : survivors) {
                        BinaryEncoder enc = out.encoder(UserBuckets.bucketOf(kept.event().getUserId(), buckets));
                        enc.writeLong(kept.arrivalHour().toEpochMilli());
                        enc.writeInt(kept.copies());
                        avro.write(kept.event(), enc);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot resolve checkout copies in " + dir, e);
                }
            });
        }
    }

    /** The surviving copy of each checkout id of one id partition, in id order (so files do not depend on hashing). */
    private static List<Tracked<Checkout>> survivors(Path dir, int partition) {
        Map<String, Tracked<Checkout>> byId = new HashMap<>();
        read(idFile(dir, partition), false, (checkout, arrival, copies) ->
                byId.merge(checkout.getEventId(), new Tracked<>(checkout, arrival, copies), CheckoutCopies::keep));
        List<String> ids = new ArrayList<>(byId.keySet());
        ids.sort(null);
        List<Tracked<Checkout>> survivors = new ArrayList<>(ids.size());
        for (String id : ids) {
            survivors.add(byId.get(id));
        }
        return survivors;
    }

    /** The surviving checkouts of {@code bucket}, each with its copies and earliest arrival; in no particular order. */
    public static List<Tracked<Checkout>> read(Path dir, int bucket) {
        List<Tracked<Checkout>> checkouts = new ArrayList<>();
        read(bucketFile(dir, bucket), true, (checkout, arrival, copies) ->
                checkouts.add(new Tracked<>(checkout, arrival, copies)));
        return checkouts;
    }

    /** Two records of one checkout id as one: the first by CHECKOUT_COPIES, the earlier arrival, copies summed. */
    static Tracked<Checkout> keep(Tracked<Checkout> a, Tracked<Checkout> b) {
        Checkout kept = BucketEvents.CHECKOUT_COPIES.compare(b.event(), a.event()) < 0 ? b.event() : a.event();
        Instant arrival = a.arrivalHour().isBefore(b.arrivalHour()) ? a.arrivalHour() : b.arrivalHour();
        return new Tracked<>(kept, arrival, a.copies() + b.copies());
    }

    private interface Entry {
        void accept(Checkout checkout, Instant arrival, int copies);
    }

    private static void read(Path file, boolean withCopies, Entry entry) {
        if (!Files.exists(file)) {
            return;
        }
        SpecificDatumReader<Checkout> avro = new SpecificDatumReader<>(Checkout.class);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(in, null);
            while (!decoder.isEnd()) {
                Instant arrival = Instant.ofEpochMilli(decoder.readLong());
                int copies = withCopies ? decoder.readInt() : 1;
                entry.accept(avro.read(null, decoder), arrival, copies);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** One buffered Avro encoder per partition file. */
    private static final class Files2 implements Closeable {
        private final OutputStream[] outs;
        private final BinaryEncoder[] encoders;

        Files2(Path dir, int n, java.util.function.BiFunction<Path, Integer, Path> name) {
            outs = new OutputStream[n];
            encoders = new BinaryEncoder[n];
            try {
                Files.createDirectories(dir);
                for (int i = 0; i < n; i++) {
                    outs[i] = new BufferedOutputStream(Files.newOutputStream(name.apply(dir, i)), 1 << 13);
                    encoders[i] = EncoderFactory.get().binaryEncoder(outs[i], null);
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot create checkout files in " + dir, e);
            }
        }

        int size() {
            return outs.length;
        }

        BinaryEncoder encoder(int i) {
            return encoders[i];
        }

        @Override
        public void close() {
            IOException failure = null;
            for (int i = 0; i < outs.length; i++) {
                if (outs[i] == null) {
                    continue;
                }
                try {
                    if (encoders[i] != null) {
                        encoders[i].flush();
                    }
                    outs[i].close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new UncheckedIOException(failure);
            }
        }
    }
}
