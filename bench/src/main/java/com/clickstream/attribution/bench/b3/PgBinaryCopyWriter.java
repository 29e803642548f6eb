package com.clickstream.attribution.bench.b3;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * Encodes rows in PostgreSQL's binary COPY format ({@code COPY ... FROM STDIN (FORMAT binary)}):
 * the {@code PGCOPY} header, then per row a 16-bit field count and per field a 32-bit length (-1 =
 * NULL) and the type's binary send format, then the -1 trailer. Only the types B3 writes: text,
 * timestamptz, numeric, boolean, int4. Encodes into its own buffer and hands the target full
 * buffers, so a row costs no stream call per field.
 */
public final class PgBinaryCopyWriter implements Closeable {

    static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix seconds. */
    static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final short NUMERIC_POS = 0x0000;
    private static final short NUMERIC_NEG = 0x4000;
    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000};

    private final OutputStream target;
    private final byte[] buffer;
    private int at;
    private boolean finished;

    public PgBinaryCopyWriter(OutputStream target) throws IOException {
        this(target, 1 << 16);
    }

    PgBinaryCopyWriter(OutputStream target, int bufferSize) throws IOException {
        this.target = target;
        this.buffer = new byte[Math.max(bufferSize, 64)];
        ensure(SIGNATURE.length + 8);
        System.arraycopy(SIGNATURE, 0, buffer, at, SIGNATURE.length);
        at += SIGNATURE.length;
        putInt(0); // flags: no OIDs
        putInt(0); // header extension length
    }

    /** Starts a row of {@code fields} fields. */
    public PgBinaryCopyWriter row(int fields) throws IOException {
        ensure(2);
        putShort((short) fields);
        return this;
    }

    public PgBinaryCopyWriter nullValue() throws IOException {
        ensure(4);
        putInt(-1);
        return this;
    }

    public PgBinaryCopyWriter text(String value) throws IOException {
        if (value == null) {
            return nullValue();
        }
        int n = value.length();
        boolean ascii = true;
        for (int k = 0; k < n && ascii; k++) {
            ascii = value.charAt(k) < 0x80;
        }
        if (!ascii) {
            byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ensure(4);
            putInt(utf8.length);
            write(utf8);
            return this;
        }
        ensure(4 + n);
        putInt(n);
        if (4 + n <= buffer.length) {
            for (int k = 0; k < n; k++) {
                buffer[at++] = (byte) value.charAt(k);
            }
        } else {
            write(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return this;
    }

    public PgBinaryCopyWriter bool(boolean value) throws IOException {
        ensure(5);
        putInt(1);
        buffer[at++] = (byte) (value ? 1 : 0);
        return this;
    }

    public PgBinaryCopyWriter int4(int value) throws IOException {
        ensure(8);
        putInt(4);
        putInt(value);
        return this;
    }

    /** timestamptz: microseconds since 2000-01-01 UTC (sub-microsecond digits are truncated). */
    public PgBinaryCopyWriter timestamptz(Instant value) throws IOException {
        if (value == null) {
            return nullValue();
        }
        ensure(12);
        putInt(8);
        putLong(micros(value));
        return this;
    }

    static long micros(Instant value) {
        return Math.addExact(Math.multiplyExact(value.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L),
                value.getNano() / 1_000);
    }

    /**
     * numeric: {@code ndigits, weight, sign, dscale} (16 bits each), then {@code ndigits} base-10000
     * digits, the first worth {@code 10000^weight}; leading and trailing zero digits are left out, and
     * {@code dscale} is the decimal scale (the value's own, at least 0).
     */
    public PgBinaryCopyWriter numeric(BigDecimal value) throws IOException {
        if (value == null) {
            return nullValue();
        }
        short[] digits = numericDigits(value);
        ensure(4 + 8 + 2 * (digits.length - 4));
        putInt(8 + 2 * (digits.length - 4));
        for (short d : digits) {
            putShort(d);
        }
        return this;
    }

    /** The numeric send format as shorts: ndigits, weight, sign, dscale, digits... */
    static short[] numericDigits(BigDecimal value) {
        int scale = value.scale();
        if (scale < 0 || scale > 4 || value.unscaledValue().bitLength() >= 48) {
            return numericDigitsGeneral(value);
        }
        // fast path (money): the value in units of 10^-4 (or 1) fits a long; split it into base-10000 digits
        long units = Math.abs(value.unscaledValue().longValue());
        int fractionGroups = scale > 0 ? 1 : 0;
        if (scale > 0) {
            units *= POW10[4 - scale];
        }
        short[] lowFirst = new short[6];
        int n = 0;
        while (units != 0) {
            lowFirst[n++] = (short) (units % 10_000);
            units /= 10_000;
        }
        int low = 0;
        while (low < n && lowFirst[low] == 0) {
            low++;
        }
        int ndigits = n - low;
        short[] out = new short[4 + ndigits];
        out[0] = (short) ndigits;
        out[1] = (short) (ndigits == 0 ? 0 : n - 1 - fractionGroups);
        out[2] = value.signum() < 0 ? NUMERIC_NEG : NUMERIC_POS;
        out[3] = (short) scale;
        for (int k = 0; k < ndigits; k++) {
            out[4 + k] = lowFirst[n - 1 - k];
        }
        return out;
    }

    /** {@link #numericDigits} for any value, through its decimal string. */
    static short[] numericDigitsGeneral(BigDecimal value) {
        int scale = Math.max(value.scale(), 0);
        BigDecimal abs = value.abs().setScale(scale, RoundingMode.UNNECESSARY);
        String decimal = abs.unscaledValue().toString();
        int intLen = decimal.length() - scale;
        if (intLen < 0) {
            decimal = "0".repeat(-intLen) + decimal;
            intLen = 0;
        }
        int padLeft = (4 - intLen % 4) % 4;
        int padRight = (4 - scale % 4) % 4;
        String padded = "0".repeat(padLeft) + decimal + "0".repeat(padRight);
        int groups = padded.length() / 4;
        int weight = (intLen + padLeft) / 4 - 1;
        int first = 0;
        int last = groups - 1;
        short[] all = new short[groups];
        for (int g = 0; g < groups; g++) {
            all[g] = Short.parseShort(padded.substring(4 * g, 4 * g + 4));
        }
        while (first <= last && all[first] == 0) {
            first++;
            weight--;
        }
        while (last >= first && all[last] == 0) {
            last--;
        }
        int ndigits = last - first + 1;
        boolean zero = ndigits == 0;
        short[] out = new short[4 + ndigits];
        out[0] = (short) ndigits;
        out[1] = (short) (zero ? 0 : weight);
        out[2] = value.signum() < 0 ? NUMERIC_NEG : NUMERIC_POS;
        out[3] = (short) scale;
        System.arraycopy(all, first, out, 4, ndigits);
        return out;
    }

    /** Writes the trailer and hands over what is buffered; the caller ends the COPY. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        ensure(2);
        putShort((short) -1);
        flushBuffer();
        finished = true;
    }

    /** {@link #finish()}; does not close the target. */
    @Override
    public void close() throws IOException {
        finish();
    }

    private void write(byte[] bytes) throws IOException {
        if (bytes.length > buffer.length - at) {
            flushBuffer();
        }
        if (bytes.length > buffer.length) {
            target.write(bytes);
        } else {
            System.arraycopy(bytes, 0, buffer, at, bytes.length);
            at += bytes.length;
        }
    }

    private void ensure(int bytes) throws IOException {
        if (buffer.length - at < bytes) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws IOException {
        if (at > 0) {
            target.write(buffer, 0, at);
            at = 0;
        }
    }

    private void putShort(short v) {
        buffer[at++] = (byte) (v >>> 8);
        buffer[at++] = (byte) v;
    }

    private void putInt(int v) {
        buffer[at++] = (byte) (v >>> 24);
        buffer[at++] = (byte) (v >>> 16);
        buffer[at++] = (byte) (v >>> 8);
        buffer[at++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
