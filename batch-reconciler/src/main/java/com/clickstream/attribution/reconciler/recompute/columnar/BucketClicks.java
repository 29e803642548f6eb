package com.clickstream.attribution.reconciler.recompute.columnar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;

/**
 * One bucket's staged click rows ({@link ClickSpill}), read back as primitive columns over the file's bytes:
 * time, arrival hour, price, each {@link FieldCodes#CODED} field's code and, per {@link FieldCodes#BYTES}
 * field, where its bytes start and how many (-1 = null). Rows keep the file's order (the staging order), which
 * breaks ties between differing copies as {@code BucketEvents} does. One instance per worker thread is
 * {@link #load loaded} with bucket after bucket, keeping its arrays.
 */
final class BucketClicks {

    byte[] data = new byte[1 << 16];
    int rows;
    long[] ts = new long[1024];
    int[] arrivalHour = new int[1024];
    long[] price = new long[1024];
    /** Per {@link ClickFields} position of a coded field: each row's code (-1 = null). */
    final int[][] code = new int[ClickFields.COUNT][];
    /** Per {@link ClickFields} position of a bytes field: start of each row's bytes, and their length. */
    final int[][] start = new int[ClickFields.COUNT][];
    final int[][] length = new int[ClickFields.COUNT][];

    BucketClicks() {
        for (int f : FieldCodes.CODED) {
            code[f] = new int[1024];
        }
        for (int f : FieldCodes.BYTES) {
            start[f] = new int[1024];
            length[f] = new int[1024];
        }
    }

    /** Loads the rows of a bucket's click file (a missing file is an empty bucket). */
    BucketClicks load(Path file) {
        int size = read(file);
        int n = 0;
        int pos = 0;
        while (pos < size) {
            if (n == ts.length) {
                grow(n * 2);
            }
            ts[n] = longLe(data, pos);
            arrivalHour[n] = intLe(data, pos + 8);
            price[n] = longLe(data, pos + 12);
            pos += 20;
            for (int f : FieldCodes.CODED) {
                code[f][n] = intLe(data, pos);
                pos += 4;
            }
            for (int f : FieldCodes.BYTES) {
                int v = 0;
                int shift = 0;
                int b;
                do {
                    b = data[pos++];
                    v |= (b & 0x7f) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                int len = v - 1;
                start[f][n] = pos;
                length[f][n] = len;
                if (len > 0) {
                    pos += len;
                }
            }
            n++;
        }
        rows = n;
        return this;
    }

    private int read(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException(file + " is larger than 2 GB: use more buckets");
            }
            if (data.length < size) {
                data = new byte[(int) Math.max(size, data.length * 3L / 2)];
            }
            ByteBuffer buffer = ByteBuffer.wrap(data, 0, (int) size);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new IOException("file ended early");
                }
            }
            return (int) size;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void grow(int bigger) {
        ts = Arrays.copyOf(ts, bigger);
        arrivalHour = Arrays.copyOf(arrivalHour, bigger);
        price = Arrays.copyOf(price, bigger);
        for (int f : FieldCodes.CODED) {
            code[f] = Arrays.copyOf(code[f], bigger);
        }
        for (int f : FieldCodes.BYTES) {
            start[f] = Arrays.copyOf(start[f], bigger);
            length[f] = Arrays.copyOf(length[f], bigger);
        }
    }

    /** Compares bytes field {@code f} of two rows: unsigned bytes (= code points), null first. */
    int compare(int f, int a, int b) {
        int la = length[f][a];
        int lb = length[f][b];
        if (la < 0 || lb < 0) {
            return Integer.compare(la < 0 ? 0 : 1, lb < 0 ? 0 : 1);
        }
        return Arrays.compareUnsigned(data, start[f][a], start[f][a] + la, data, start[f][b], start[f][b] + lb);
    }

    /** True when bytes field {@code f} holds the same value (or both null) in two rows. */
    boolean same(int f, int a, int b) {
        int la = length[f][a];
        return la == length[f][b] && (la <= 0 || ByteDictionary.equal(data, start[f][a], data, start[f][b], la));
    }

    String string(int f, int row) {
        int len = length[f][row];
        return len < 0 ? null : new String(data, start[f][row], len, StandardCharsets.UTF_8);
    }

    static Instant arrival(int hour) {
        return Instant.ofEpochSecond(hour * 3600L);
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle INTS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private static int intLe(byte[] b, int pos) {
        return (int) INTS.get(b, pos);
    }

    private static long longLe(byte[] b, int pos) {
        return (long) LONGS.get(b, pos);
    }
}
