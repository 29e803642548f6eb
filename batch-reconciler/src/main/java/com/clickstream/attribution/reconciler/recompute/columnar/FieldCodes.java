package com.clickstream.attribution.reconciler.recompute.columnar;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Run-wide codes of the click fields with few distinct values per run (product, product name, category,
 * source, campaign, device): while staging, the decoding threads turn each distinct value into a dense code,
 * once per Parquet dictionary entry, so the bucket files carry 4-byte codes instead of strings and the
 * recompute compares codes and ranks instead of bytes. Event ids, users, sessions and page URLs stay bytes:
 * they have about one value per click, user or session, and a run-wide table of them would cost more in cache
 * misses than the bucket's own dictionaries. Memory grows with the distinct values, not with the rows.
 *
 * <p>Written beside the bucket files ({@link #write}) and read back by the recompute ({@link #read}), complete:
 * then each code also has its string and its rank in code point order, and nothing changes any more.
 */
final class FieldCodes {

    /** The coded fields. */
    static final int[] CODED = {ClickFields.PRODUCT_ID, ClickFields.PRODUCT_NAME,
            ClickFields.PRODUCT_CATEGORY, ClickFields.TRAFFIC_SOURCE, ClickFields.CAMPAIGN_ID, ClickFields.DEVICE_TYPE};
    /** The string fields kept as bytes (every string field but event_type, always "click", and the coded ones). */
    static final int[] BYTES = {ClickFields.EVENT_ID, ClickFields.USER_ID, ClickFields.SESSION_ID, ClickFields.PAGE_URL};
    /** Each field's position in {@link #CODED}, -1 when not coded. */
    static final int[] SLOT = slots();

    private static final String FILE = "field-codes.bin";

    private final ByteDictionary[] dictionaries = new ByteDictionary[CODED.length];
    private String[][] strings;
    private int[][] ranks;

    FieldCodes() {
        for (int i = 0; i < CODED.length; i++) {
            dictionaries[i] = new ByteDictionary();
        }
    }

    static boolean isCoded(int field) {
        return SLOT[field] >= 0;
    }

    /** The code of {@code b[from, from + len)} in {@code field}, added if new; -1 for a null ({@code len} -1). Thread-safe. */
    int code(int field, byte[] b, int from, int len) {
        if (len < 0) {
            return -1;
        }
        ByteDictionary d = dictionaries[SLOT[field]];
        synchronized (d) {
            return d.idOf(b, from, len);
        }
    }

    int code(int field, String value) {
        if (value == null) {
            return -1;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        return code(field, b, 0, b.length);
    }

    /** The string of a code of {@code field} (null for -1); only once {@link #read}. */
    String string(int field, int code) {
        return code < 0 ? null : strings[SLOT[field]][code];
    }

    /** The rank of a code among the field's values in code point order, -1 for null; only once {@link #read}. */
    int[] ranks(int field) {
        return ranks[SLOT[field]];
    }

    void write(Path dir) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE)), 1 << 16))) {
            for (ByteDictionary d : dictionaries) {
                synchronized (d) {
                    d.writeTo(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the field codes in " + dir, e);
        }
    }

    /** The complete codes of a staged run. */
    static FieldCodes read(Path dir) {
        FieldCodes codes = new FieldCodes();
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                for (int i = 0; i < CODED.length; i++) {
                    codes.dictionaries[i] = ByteDictionary.readFrom(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the field codes in " + dir, e);
            }
        }
        codes.strings = new String[CODED.length][];
        codes.ranks = new int[CODED.length][];
        for (int i = 0; i < CODED.length; i++) {
            codes.strings[i] = codes.dictionaries[i].strings();
            codes.ranks[i] = codes.dictionaries[i].ranks();
        }
        return codes;
    }

    private static int[] slots() {
        int[] slot = new int[ClickFields.COUNT];
        Arrays.fill(slot, -1);
        for (int i = 0; i < CODED.length; i++) {
            slot[CODED[i]] = i;
        }
        return slot;
    }
}
