package com.clickstream.attribution.reconciler.recompute.columnar;

/**
 * The decoded clicks of one raw object, column by column: strings as {@link StringColumn}s (indexed by
 * {@link ClickFields} position; null for the two non-string fields), prices unscaled at scale 2, times in
 * epoch milliseconds. Every row in it is certainly valid ({@link CertainlyValid}).
 */
final class ClickRows {

    final StringColumn[] strings = new StringColumn[ClickFields.COUNT];
    long[] price = new long[0];
    long[] ts = new long[0];
    int rows;

    ClickRows() {
        for (int field : ClickFields.STRINGS) {
            strings[field] = new StringColumn();
        }
    }

    void reset(int rows) {
        this.rows = rows;
        for (int field : ClickFields.STRINGS) {
            strings[field].reset(rows);
        }
        if (ts.length < rows) {
            ts = new long[rows];
            price = new long[rows];
        }
    }
}
