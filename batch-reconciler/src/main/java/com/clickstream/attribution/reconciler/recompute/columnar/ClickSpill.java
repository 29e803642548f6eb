package com.clickstream.attribution.reconciler.recompute.columnar;

import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.reconciler.raw.UserBuckets;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The columnar engine's per-bucket click files: the staged clicks of one bucket, in listing order, as
 * rows of {@code (event_ts: 8, arrival hour: 4 (epoch hours), price unscaled at scale 2: 8, the code of each
 * {@link FieldCodes#CODED} field: 4 each (-1 = null), then each {@link FieldCodes#BYTES} field as
 * varint(length + 1, 0 = null) + UTF-8 bytes)}; event_type is always "click". Rows are
 * built on the decoding threads ({@link Chunks}, one per object) and appended by the staging thread in
 * listing order, so the files do not depend on the thread count. Scratch data, rewritten by every stage.
 */
final class ClickSpill {

    private ClickSpill() {
    }

    static Path file(Path dir, int bucket) {
        return dir.resolve(UserBuckets.partitionName(bucket) + ".clicks");
    }

    /** One object's staged clicks, split by bucket. */
    static final class Chunks {
        final Bytes[] buckets;
        private final FieldCodes codes;
        long staged;

        Chunks(int buckets, FieldCodes codes) {
            this.buckets = new Bytes[buckets];
            this.codes = codes;
        }

        /** Empties the chunks for the next object, keeping their buffers. */
        void clear() {
            for (Bytes b : buckets) {
                if (b != null) {
                    b.size = 0;
                }
            }
            staged = 0;
        }

        private Bytes of(int bucket) {
            if (buckets[bucket] == null) {
                buckets[bucket] = new Bytes(1 << 12);
            }
            return buckets[bucket];
        }

        /** Adds row {@code r} of decoded columns. */
        void add(ClickRows rows, int r, int arrivalHour) {
            Bytes out = of(UserBuckets.bucketOfHash(rows.userHash[r], buckets.length));
            out.putLong(rows.ts[r]);
            out.putInt(arrivalHour);
            out.putLong(rows.price[r]);
            for (int field : FieldCodes.CODED) {
                out.putInt(rows.code[field][r]);
            }
            for (int field : FieldCodes.BYTES) {
                StringColumn c = rows.strings[field];
                out.putString(c.arena, c.start[r], c.length[r]);
            }
            staged++;
        }

        /** Adds a click decoded row at a time (an object the columnar decoder could not vouch for). */
        void add(Click click, int arrivalHour) {
            Bytes out = of(UserBuckets.bucketOf(click.getUserId(), buckets.length));
            out.putLong(click.getEventTs().toEpochMilli());
            out.putInt(arrivalHour);
            out.putLong(unscaled(click.getProductPrice()));
            for (int field : FieldCodes.CODED) {
                Object value = click.get(field);
                out.putInt(codes.code(field, value == null ? null : value.toString()));
            }
            for (int field : FieldCodes.BYTES) {
                Object value = click.get(field);
                if (value == null) {
                    out.putString(null, 0, -1);
                } else {
                    byte[] b = value.toString().getBytes(StandardCharsets.UTF_8);
                    out.putString(b, 0, b.length);
                }
            }
            staged++;
        }

        private static long unscaled(BigDecimal price) {
            // the contract's price is decimal(10,2) and RowMapping refuses wider values: exact at scale 2
            return price.setScale(2).unscaledValue().longValueExact();
        }
    }

    /** Appends chunks to the bucket files. Not thread-safe. */
    static final class Writer implements Closeable {
        private final OutputStream[] outs;

        Writer(Path dir, int buckets) {
            outs = new OutputStream[buckets];
            try {
                Files.createDirectories(dir);
                for (int b = 0; b < buckets; b++) {
                    outs[b] = new java.io.BufferedOutputStream(Files.newOutputStream(file(dir, b)), 1 << 16);
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot create click files in " + dir, e);
            }
        }

        void write(Chunks chunks) {
            try {
                for (int b = 0; b < outs.length; b++) {
                    Bytes bytes = chunks.buckets[b];
                    if (bytes != null) {
                        outs[b].write(bytes.data, 0, bytes.size);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            IOException failure = null;
            for (OutputStream out : outs) {
                if (out != null) {
                    try {
                        out.close();
                    } catch (IOException e) {
                        failure = e;
                    }
                }
            }
            if (failure != null) {
                throw new UncheckedIOException(failure);
            }
        }
    }
}
