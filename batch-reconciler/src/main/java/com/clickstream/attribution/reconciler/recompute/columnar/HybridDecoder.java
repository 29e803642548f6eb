package com.clickstream.attribution.reconciler.recompute.columnar;

/**
 * Parquet's RLE / bit-packing hybrid (definition levels and dictionary ids), decoded from a byte array
 * into an int array. parquet-column's own decoder reads through an {@code InputStream} one byte call at a
 * time; this one reads the page bytes directly.
 */
final class HybridDecoder {

    private HybridDecoder() {
    }

    /**
     * Decodes {@code count} values of {@code bitWidth} bits from {@code in[pos, end)} into {@code out[0, count)}.
     *
     * @throws UnsupportedPageException when the bytes end before {@code count} values
     */
    static void decode(byte[] in, int pos, int end, int bitWidth, int[] out, int count) {
        if (bitWidth == 0) {
            java.util.Arrays.fill(out, 0, count, 0);
            return;
        }
        int byteWidth = (bitWidth + 7) >>> 3;
        int n = 0;
        while (n < count) {
            if (pos >= end) {
                throw new UnsupportedPageException("hybrid run past the end of the page");
            }
            int header = 0;
            int shift = 0;
            int b;
            do {
                b = in[pos++] & 0xff;
                header |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if ((header & 1) == 0) { // RLE run: one value repeated
                int run = header >>> 1;
                int value = 0;
                for (int i = 0; i < byteWidth; i++) {
                    value |= (in[pos++] & 0xff) << (8 * i);
                }
                int stop = Math.min(count, n + run);
                while (n < stop) {
                    out[n++] = value;
                }
            } else { // bit-packed groups of 8 values, least significant bit first
                int values = (header >>> 1) * 8;
                long buffer = 0;
                int bits = 0;
                int mask = (1 << bitWidth) - 1;
                for (int i = 0; i < values; i++) {
                    while (bits < bitWidth) {
                        buffer |= (long) (in[pos++] & 0xff) << bits;
                        bits += 8;
                    }
                    if (n < count) {
                        out[n++] = (int) (buffer & mask);
                    }
                    buffer >>>= bitWidth;
                    bits -= bitWidth;
                }
            }
        }
    }
}
