package com.clickstream.attribution.reconciler.recompute.columnar;

/**
 * {@link String#hashCode()} of the string whose well-formed UTF-8 bytes are given, without decoding it:
 * the user bucket ({@code UserBuckets}) is a function of that hash.
 */
final class Utf8Hash {

    private Utf8Hash() {
    }

    static int stringHashCode(byte[] b, int from, int len) {
        int h = 0;
        int end = from + len;
        for (int i = from; i < end; i++) {
            int c = b[i];
            if (c >= 0) {
                h = 31 * h + c;
                continue;
            }
            int lead = c & 0xff;
            int cp;
            if (lead < 0xe0) {
                cp = (lead & 0x1f) << 6 | (b[++i] & 0x3f);
            } else if (lead < 0xf0) {
                cp = (lead & 0x0f) << 12 | (b[++i] & 0x3f) << 6 | (b[++i] & 0x3f);
            } else {
                cp = (lead & 0x07) << 18 | (b[++i] & 0x3f) << 12 | (b[++i] & 0x3f) << 6 | (b[++i] & 0x3f);
            }
            if (cp < 0x10000) {
                h = 31 * h + cp;
            } else {
                h = 31 * h + Character.highSurrogate(cp);
                h = 31 * h + Character.lowSurrogate(cp);
            }
        }
        return h;
    }
}
