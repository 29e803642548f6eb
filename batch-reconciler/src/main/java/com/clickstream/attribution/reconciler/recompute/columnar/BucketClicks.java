package com.clickstream.attribution.reconciler.recompute.columnar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * One bucket's staged click rows ({@link ClickSpill}), read back as primitive columns over the file's bytes:
 * time, arrival hour, price and, per stored string field, where its bytes start and how many (-1 = null).
 * Rows keep the file's order (the staging order), which breaks ties between differing copies as
 * {@code BucketEvents} does.
 */
final class BucketClicks {

    final byte[] data;
    final int rows;
    final long[] ts;
    final int[] arrivalHour;
    final long[] price;
    /** Per {@link ClickFields} position (null for event_type, price, event_ts): start of each row's bytes. */
    final int[][] start = new int[ClickFields.COUNT][];
    final int[][] length = new int[ClickFields.COUNT][];

    private BucketClicks(byte[] data) {
        this.data = data;
        int capacity = Math.max(16, data.length / 128);
        long[] t = new long[capacity];
        int[] a = new int[capacity];
        long[] p = new long[capacity];
        for (int f : ClickSpill.STORED) {
            start[f] = new int[capacity];
            length[f] = new int[capacity];
        }
        int n = 0;
        int pos = 0;
        while (pos < data.length) {
            if (n == t.length) {
                int bigger = n * 2;
                t = Arrays.copyOf(t, bigger);
                a = Arrays.copyOf(a, bigger);
                p = Arrays.copyOf(p, bigger);
                for (int f : ClickSpill.STORED) {
                    start[f] = Arrays.copyOf(start[f], bigger);
                    length[f] = Arrays.copyOf(length[f], bigger);
                }
            }
            t[n] = longLe(data, pos);
            a[n] = intLe(data, pos + 8);
            p[n] = longLe(data, pos + 12);
            pos += 20;
            for (int f : ClickSpill.STORED) {
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
        this.rows = n;
        this.ts = t;
        this.arrivalHour = a;
        this.price = p;
    }

    /** The rows of a bucket's click file; a missing file is an empty bucket. */
    static BucketClicks load(Path file) {
        try {
            return new BucketClicks(Files.exists(file) ? Files.readAllBytes(file) : new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Compares field {@code f} of two rows: unsigned bytes (= code points), null first. */
    int compare(int f, int a, int b) {
        int la = length[f][a];
        int lb = length[f][b];
        if (la < 0 || lb < 0) {
            return Integer.compare(la < 0 ? 0 : 1, lb < 0 ? 0 : 1);
        }
        return Arrays.compareUnsigned(data, start[f][a], start[f][a] + la, data, start[f][b], start[f][b] + lb);
    }

    /** True when field {@code f} holds the same value (or both null) in two rows. */
    boolean same(int f, int a, int b) {
        int la = length[f][a];
        return la == length[f][b] && (la <= 0
                || Arrays.equals(data, start[f][a], start[f][a] + la, data, start[f][b], start[f][b] + la));
    }

    String string(int f, int row) {
        int len = length[f][row];
        return len < 0 ? null : new String(data, start[f][row], len, StandardCharsets.UTF_8);
    }

    static Instant arrival(int hour) {
        return Instant.ofEpochSecond(hour * 3600L);
    }

    private static int intLe(byte[] b, int pos) {
        return (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
    }

    private static long longLe(byte[] b, int pos) {
        return (intLe(b, pos) & 0xffffffffL) | ((long) intLe(b, pos + 4) << 32);
    }
}
