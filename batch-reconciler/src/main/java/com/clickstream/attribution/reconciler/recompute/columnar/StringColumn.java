package com.clickstream.attribution.reconciler.recompute.columnar;

import java.util.Arrays;

/**
 * One string column of a decoded object: every value's bytes in one arena, a row pointing at its value by
 * start and length (-1 = null). Dictionary entries are copied once and shared by their rows.
 */
final class StringColumn {

    byte[] arena = new byte[1 << 12];
    int used;
    int[] start;
    int[] length;

    void reset(int rows) {
        used = 0;
        if (start == null || start.length < rows) {
            start = new int[rows];
            length = new int[rows];
        }
    }

    /** Appends {@code bytes[from, from + len)} to the arena and returns its start. */
    int append(byte[] bytes, int from, int len) {
        if (used + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + len));
        }
        System.arraycopy(bytes, from, arena, used, len);
        int at = used;
        used += len;
        return at;
    }
}
