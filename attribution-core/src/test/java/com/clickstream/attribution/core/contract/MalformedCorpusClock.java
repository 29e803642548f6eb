package com.clickstream.attribution.core.contract;

import com.clickstream.attribution.core.contract.MalformedCorpus.Case;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves a corpus case's event times from the corpus's clock ({@link MalformedCorpusFiles#WRITTEN_AT})
 * to another "now", for entry points that judge event times by the wall clock or the arrival time
 * (the streaming job, the raw landing, {@code ./pipeline run}). Only the {@code event_ts} numbers
 * change, byte for byte in the payload's own encoding (UTF-8 with its deliberate invalid bytes,
 * UTF-16BE, UTF-32LE); everything else stays exactly as committed.
 *
 * <p>Which times move: integer {@code event_ts} values within 60 days of the corpus's clock (the
 * ones that mean "relative to now"); values meant as absolute (0, negative, Long.MIN/MAX, seconds,
 * microseconds, fractions, beyond a long) are left alone.
 *
 * <p>The two cases that sit ON a time bound keep their side of it but move {@link #MARGIN} away from
 * it, because an entry point's clock moves on while the test runs: "1 ms beyond the clock skew"
 * becomes "MARGIN beyond", and the valid "exactly at the retention" becomes "MARGIN inside". (The
 * exact bounds are tested with a fixed clock by {@code MalformedCorpusTest}.) Cases on the other side
 * of a bound ("exactly at the clock skew", "1 ms before the retention") only get further from it as
 * the clock advances, so they stay exact.
 */
public final class MalformedCorpusClock {

    /**
     * How far a bound case is moved off its bound: longer than a test run plus the reconciler's
     * uncertainty about a raw row's arrival (its hour, plus 15 minutes of Firehose buffering).
     */
    public static final Duration MARGIN = Duration.ofHours(2);

    private static final Pattern EVENT_TS = Pattern.compile("(\"event_ts\"\\s*:\\s*)(-?\\d+)(?![\\d.eE])");
    private static final long RELATIVE = Duration.ofDays(60).toMillis();

    private MalformedCorpusClock() {
    }

    /** The case's payload as if the corpus had been written at {@code now}. */
    public static byte[] retimed(Case c, Instant now) {
        ValidationPolicy policy = ValidationPolicy.DEFAULT;
        long written = MalformedCorpusFiles.WRITTEN_AT.toEpochMilli();
        long delta = now.toEpochMilli() - written;
        long futureFloor = now.plus(policy.maxClockSkew()).plus(MARGIN).toEpochMilli();
        long validFloor = now.minus(policy.retention()).plus(MARGIN).toEpochMilli();
        Charset charset = encodingOf(c.payload());
        String text = new String(c.payload(), charset);
        Matcher m = EVENT_TS.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            BigInteger value = new BigInteger(m.group(2));
            String replacement = m.group(2);
            if (value.bitLength() < 64 && Math.abs(value.longValue() - written) <= RELATIVE) {
                long moved = value.longValue() + delta;
                if (c.expected().equals(RejectReason.EVENT_TIME_IN_FUTURE.code())) {
                    moved = Math.max(moved, futureFloor);
                } else if (c.expected().equals(MalformedCorpusFiles.VALID)) {
                    moved = Math.max(moved, validFloor);
                }
                replacement = Long.toString(moved);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + replacement));
        }
        m.appendTail(out);
        return out.toString().getBytes(charset);
    }

    /**
     * UTF-16BE / UTF-32LE by their NUL pattern around the leading '{' (as the cases are written), else
     * ISO-8859-1: one char per byte, so UTF-8 and its deliberate invalid bytes survive unchanged.
     */
    private static Charset encodingOf(byte[] p) {
        if (p.length >= 4 && p[0] != 0 && p[1] == 0 && p[2] == 0 && p[3] == 0) {
            return Charset.forName("UTF-32LE");
        }
        if (p.length >= 2 && p[0] == 0 && p[1] != 0) {
            return StandardCharsets.UTF_16BE;
        }
        return StandardCharsets.ISO_8859_1;
    }
}
