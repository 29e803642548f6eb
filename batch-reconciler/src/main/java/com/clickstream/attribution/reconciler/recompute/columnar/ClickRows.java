package com.clickstream.attribution.reconciler.recompute.columnar;

/**
 * The decoded clicks of one raw object, column by column: strings as {@link StringColumn}s (indexed by
 * {@link ClickFields} position; null for the two non-string fields), prices unscaled at scale 2, times in
 * epoch milliseconds; for the {@link FieldCodes} fields also each row's code, and each row's user id hash
 * ({@link Utf8Hash}, which picks its bucket). Every row in it is certainly valid ({@link CertainlyValid}).
 */
final class ClickRows {

    final StringColumn[] strings = new StringColumn[ClickFields.COUNT];
    long[] price = new long[0];
    long[] ts = new long[0];
    /** Per {@link ClickFields} position of a coded field: each row's code (-1 = null). */
    final int[][] code = new int[ClickFields.COUNT][];
    int[] userHash = new int[0];
    int rows;

    ClickRows() {
        for (int field : ClickFields.STRINGS) {
            strings[field] = new StringColumn();
        }
        for (int field : FieldCodes.CODED) {
            code[field] = new int[0];
        }
    }

    /** Makes every per-row array hold at least {@code rows} rows, keeping the values. */
    void ensure(int rows) {
        if (ts.length < rows) {
            ts = java.util.Arrays.copyOf(ts, rows);
            price = java.util.Arrays.copyOf(price, rows);
            userHash = java.util.Arrays.copyOf(userHash, rows);
            for (int field : FieldCodes.CODED) {
                code[field] = java.util.Arrays.copyOf(code[field], rows);
            }
        }
        for (int field : ClickFields.STRINGS) {
            StringColumn c = strings[field];
            if (c.start == null || c.start.length < rows) {
                c.start = c.start == null ? new int[rows] : java.util.Arrays.copyOf(c.start, rows);
                c.length = c.length == null ? new int[rows] : java.util.Arrays.copyOf(c.length, rows);
            }
        }
    }

    void reset(int rows) {
        this.rows = rows;
        for (int field : ClickFields.STRINGS) {
            strings[field].reset(rows);
        }
        ensure(rows);
    }
}
