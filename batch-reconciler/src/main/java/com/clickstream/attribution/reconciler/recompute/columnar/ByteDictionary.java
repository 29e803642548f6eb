package com.clickstream.attribution.reconciler.recompute.columnar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte strings to dense ids (0, 1, ... in first-seen order), open addressing over a copy of each distinct
 * key: a bucket's user ids, event ids, sessions, sources ... without a {@code String} per value.
 */
final class ByteDictionary {

    private byte[] keys = new byte[1 << 12];
    private int keysUsed;
    private int[] keyStart = new int[64];
    private int[] keyLength = new int[64];
    /** Open addressing over pairs (hash, id + 1; 0 = empty): a probe reads one cache line, not the key arrays. */
    private int[] table = new int[256];
    private int size;
    private String[] strings;

    int size() {
        return size;
    }

    /** Forgets every key, keeping the buffers (one dictionary serves bucket after bucket). */
    void clear() {
        Arrays.fill(table, 0);
        keysUsed = 0;
        size = 0;
        if (strings != null) {
            Arrays.fill(strings, null);
        }
    }

    /** Each id's rank among the keys in unsigned-byte (= code point) order. */
    int[] ranks() {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        new IndexSort().sort(order, 0, size, this::compare);
        int[] rank = new int[size];
        for (int i = 0; i < size; i++) {
            rank[order[i]] = i;
        }
        return rank;
    }

    /** Every key as a string, by id. */
    String[] strings() {
        String[] all = new String[size];
        for (int id = 0; id < size; id++) {
            all[id] = string(id);
        }
        return all;
    }

    /** Writes the keys in id order: their count, then each as length and bytes. */
    void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(size);
        for (int id = 0; id < size; id++) {
            out.writeInt(keyLength[id]);
            out.write(keys, keyStart[id], keyLength[id]);
        }
    }

    /** A dictionary of the keys {@link #writeTo} wrote, with the same ids. */
    static ByteDictionary readFrom(java.io.DataInputStream in) throws java.io.IOException {
        ByteDictionary d = new ByteDictionary();
        int n = in.readInt();
        byte[] key = new byte[64];
        for (int i = 0; i < n; i++) {
            int len = in.readInt();
            if (key.length < len) {
                key = new byte[len];
            }
            in.readFully(key, 0, len);
            d.idOf(key, 0, len);
        }
        return d;
    }

    /** The id of {@code b[from, from + len)}, added if new. */
    int idOf(byte[] b, int from, int len) {
        int h = hash(b, from, len);
        int mask = (table.length >>> 1) - 1;
        int slot = h & mask;
        while (true) {
            int entry = table[2 * slot + 1];
            if (entry == 0) {
                break;
            }
            int id = entry - 1;
            if (table[2 * slot] == h && keyLength[id] == len && equal(keys, keyStart[id], b, from, len)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        int id = add(b, from, len);
        table[2 * slot] = h;
        table[2 * slot + 1] = id + 1;
        if (size > (table.length >>> 2)) { // load factor 1/2
            rehash();
        }
        return id;
    }

    /** Compares the keys of two ids by unsigned bytes (= code points for well-formed UTF-8). */
    int compare(int a, int b) {
        return Arrays.compareUnsigned(keys, keyStart[a], keyStart[a] + keyLength[a],
                keys, keyStart[b], keyStart[b] + keyLength[b]);
    }

    /** The key of {@code id} as a string, decoded once. */
    String string(int id) {
        if (strings == null || strings.length < size) {
            strings = strings == null ? new String[size] : Arrays.copyOf(strings, size);
        }
        String s = strings[id];
        if (s == null) {
            s = new String(keys, keyStart[id], keyLength[id], StandardCharsets.UTF_8);
            strings[id] = s;
        }
        return s;
    }

    private int add(byte[] b, int from, int len) {
        if (size == keyStart.length) {
            keyStart = Arrays.copyOf(keyStart, size * 2);
            keyLength = Arrays.copyOf(keyLength, size * 2);
        }
        if (keysUsed + len > keys.length) {
            keys = Arrays.copyOf(keys, Math.max(keys.length * 2, keysUsed + len));
        }
        System.arraycopy(b, from, keys, keysUsed, len);
        keyStart[size] = keysUsed;
        keyLength[size] = len;
        keysUsed += len;
        return size++;
    }

    private void rehash() {
        int[] bigger = new int[table.length * 2];
        int mask = (bigger.length >>> 1) - 1;
        for (int old = 0; old < table.length; old += 2) {
            if (table[old + 1] != 0) {
                int slot = table[old] & mask;
                while (bigger[2 * slot + 1] != 0) {
                    slot = (slot + 1) & mask;
                }
                bigger[2 * slot] = table[old];
                bigger[2 * slot + 1] = table[old + 1];
            }
        }
        table = bigger;
    }

    /** Equal bytes, eight at a time: keys are short, and Arrays.equals' set-up costs more than the compare. */
    static boolean equal(byte[] a, int ai, byte[] b, int bi, int len) {
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            if ((long) LONGS.get(a, ai + i) != (long) LONGS.get(b, bi + i)) {
                return false;
            }
        }
        for (; i < len; i++) {
            if (a[ai + i] != b[bi + i]) {
                return false;
            }
        }
        return true;
    }

    /** Eight bytes at a time (ids are mostly 20-40 bytes), then a murmur-style finaliser. */
    private static int hash(byte[] b, int from, int len) {
        long h = 0x9747b28cL ^ len;
        int i = from;
        int end = from + len;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * 0x9e3779b97f4a7c15L;
            h ^= h >>> 29;
        }
        for (; i < end; i++) {
            h = (h ^ b[i]) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
}
