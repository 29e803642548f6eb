package com.clickstream.attribution.reconciler.recompute.columnar;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A conservative pre-check of decoded click values against the contract ({@code EventParser.validate}
 * with the default policy, as {@code RawObjectDecoder}): it only ever answers "certainly valid". A value
 * it cannot vouch for sends the whole object to the row-at-a-time decoder, which gives the exact verdict,
 * reason and detail; so this class may be stricter than the contract, never looser.
 *
 * <p>Strings must be well-formed UTF-8 (so their bytes order and compare as the decoded strings do) without
 * NUL; ids must hold a printable ASCII character (so they are not blank); the event type must be
 * {@code click}, the device one of the policy's; amounts within {@code [0, maxAmount]} and at most 10
 * digits; event times within the bounds at the object's judging time; a row's JSON size bound (as
 * {@code EventParser}'s, with bytes for chars) within the record limit.
 */
final class CertainlyValid {

    static final ValidationPolicy POLICY = ValidationPolicy.DEFAULT;
    private static final byte[] CLICK = EventType.CLICK.wireName().getBytes(StandardCharsets.UTF_8);
    private static final byte[][] DEVICES = POLICY.deviceTypes().stream()
            .map(d -> d.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    private static final long MAX_UNSCALED = POLICY.maxAmount().setScale(2).unscaledValue().longValueExact();
    private static final long TEN_DIGITS = 9_999_999_999L;
    /** EventParser's bound without the strings: braces, 48 per field, 48 per non-string value. */
    private static final long FIXED_SIZE = 2 + 48L * ClickFields.COUNT + 48 * 2;

    private CertainlyValid() {
    }

    /** Checks one string value (a plain value or a dictionary entry) of {@code field}. */
    static void string(int field, byte[] b, int from, int len) {
        boolean printable = false;
        int end = from + len;
        for (int i = from; i < end; i++) {
            int c = b[i];
            if (c > 0x20 && c < 0x7f) {
                printable = true;
            } else if (c == 0) {
                throw new UnsupportedPageException("NUL in " + field);
            } else if (c < 0) {
                i = multiByte(b, i, end);
            }
        }
        if (!printable && (field == ClickFields.EVENT_ID || field == ClickFields.USER_ID
                || field == ClickFields.SESSION_ID || field == ClickFields.PRODUCT_ID)) {
            throw new UnsupportedPageException("id without a printable character");
        }
        if (field == ClickFields.EVENT_TYPE && !equal(CLICK, b, from, len)) {
            throw new UnsupportedPageException("event_type other than click");
        }
        if (field == ClickFields.DEVICE_TYPE && !isDevice(b, from, len)) {
            throw new UnsupportedPageException("unknown device");
        }
    }

    /** A null in {@code field}: only campaign_id may be null. */
    static void nullValue(int field) {
        if (field != ClickFields.CAMPAIGN_ID) {
            throw new UnsupportedPageException("null in a required column");
        }
    }

    /** Checks a product price (unscaled, scale 2). */
    static void price(long unscaled) {
        if (unscaled < 0 || unscaled > MAX_UNSCALED || unscaled > TEN_DIGITS) {
            throw new UnsupportedPageException("price out of the certain range");
        }
    }

    /** Checks an event time against the bounds at {@code judgedAt} (retention back, clock skew ahead). */
    static void eventTime(long ts, Instant judgedAt) {
        long now = judgedAt.toEpochMilli();
        if (ts > now + POLICY.maxClockSkew().toMillis() || ts < now - POLICY.retention().toMillis()) {
            throw new UnsupportedPageException("event time out of bounds");
        }
    }

    /** Checks a row's JSON size bound from its string lengths in bytes (-1 = null). */
    static void rowSize(long stringBound) {
        if (FIXED_SIZE + stringBound > POLICY.maxRecordBytes()) {
            throw new UnsupportedPageException("row may be too large");
        }
    }

    /** The size-bound share of one string value of {@code len} bytes (-1 = null), as EventParser counts it. */
    static long stringBound(int len) {
        return len < 0 ? 4 : 6L * len + 2;
    }

    static BigDecimal maxAmount() {
        return POLICY.maxAmount();
    }

    /** Validates one multi-byte UTF-8 sequence starting at {@code i}; returns the index of its last byte. */
    private static int multiByte(byte[] b, int i, int end) {
        int lead = b[i] & 0xff;
        int extra;
        int min;
        if (lead >= 0xc2 && lead <= 0xdf) {
            extra = 1;
            min = 0x80;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            extra = 2;
            min = 0x800;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            extra = 3;
            min = 0x10000;
        } else {
            throw new UnsupportedPageException("malformed UTF-8");
        }
        if (i + extra >= end) {
            throw new UnsupportedPageException("truncated UTF-8");
        }
        int cp = lead & (0x3f >> extra);
        for (int k = 1; k <= extra; k++) {
            int c = b[i + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                throw new UnsupportedPageException("malformed UTF-8");
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            throw new UnsupportedPageException("malformed UTF-8");
        }
        return i + extra;
    }

    private static boolean isDevice(byte[] b, int from, int len) {
        for (byte[] device : DEVICES) {
            if (equal(device, b, from, len)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equal(byte[] expected, byte[] b, int from, int len) {
        return len == expected.length && java.util.Arrays.equals(expected, 0, len, b, from, from + len);
    }
}
