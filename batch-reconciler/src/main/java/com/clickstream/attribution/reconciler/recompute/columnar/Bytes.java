package com.clickstream.attribution.reconciler.recompute.columnar;

import java.util.Arrays;

/** A growable byte buffer with the few primitive writes of the click spill format. */
final class Bytes {

    byte[] data;
    int size;

    Bytes(int capacity) {
        data = new byte[capacity];
    }

    private void ensure(int more) {
        if (size + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle INTS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Little-endian, as {@code BucketClicks} reads it. */
    void putLong(long v) {
        ensure(8);
        LONGS.set(data, size, v);
        size += 8;
    }

    void putInt(int v) {
        ensure(4);
        INTS.set(data, size, v);
        size += 4;
    }

    void putVarint(int v) {
        ensure(5);
        while ((v & ~0x7f) != 0) {
            data[size++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        data[size++] = (byte) v;
    }

    /** A string's bytes with its length + 1 before them; {@code len} -1 writes a null. */
    void putString(byte[] b, int from, int len) {
        putVarint(len + 1);
        if (len > 0) {
            ensure(len);
            System.arraycopy(b, from, data, size, len);
            size += len;
        }
    }
}
