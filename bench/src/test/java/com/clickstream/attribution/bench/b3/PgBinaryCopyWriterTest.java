package com.clickstream.attribution.bench.b3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Byte-level checks of the binary COPY format (PostgreSQL docs, "COPY ... Binary Format", and numeric_send). */
class PgBinaryCopyWriterTest {

    @Test
    void headerIsSignatureFlagsAndEmptyExtension_trailerIsMinusOne() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PgBinaryCopyWriter(out).finish();
        ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray());
        byte[] signature = new byte[11];
        bytes.get(signature);
        assertThat(new String(signature, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("PGCOPY");
        assertThat(signature).containsExactly('P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0);
        assertThat(bytes.getInt()).isZero();
        assertThat(bytes.getInt()).isZero();
        assertThat(bytes.getShort()).isEqualTo((short) -1);
        assertThat(bytes.hasRemaining()).isFalse();
    }

    @Test
    void rowIsFieldCountThenLengthPrefixedFields() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PgBinaryCopyWriter writer = new PgBinaryCopyWriter(out);
        writer.row(5).text("ab").nullValue().bool(true).int4(7).text("é€");
        writer.finish();
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray(), 19, out.size() - 19);
        assertThat(b.getShort()).isEqualTo((short) 5);
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(b.get()).isEqualTo((byte) 'a');
        assertThat(b.get()).isEqualTo((byte) 'b');
        assertThat(b.getInt()).isEqualTo(-1);
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.getInt()).isEqualTo(4);
        assertThat(b.getInt()).isEqualTo(7);
        byte[] utf8 = "é€".getBytes(StandardCharsets.UTF_8);
        assertThat(b.getInt()).isEqualTo(utf8.length).isEqualTo(5);
        byte[] text = new byte[5];
        b.get(text);
        assertThat(text).isEqualTo(utf8);
        assertThat(b.getShort()).isEqualTo((short) -1);
    }

    @Test
    void timestamptzIsMicrosecondsSince2000() throws IOException {
        assertThat(PgBinaryCopyWriter.micros(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
        assertThat(PgBinaryCopyWriter.micros(Instant.parse("1999-12-31T23:59:59.999999Z"))).isEqualTo(-1);
        assertThat(PgBinaryCopyWriter.micros(Instant.parse("2024-03-01T12:34:56.789Z")))
                .isEqualTo((1_709_296_496L - 946_684_800L) * 1_000_000L + 789_000L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PgBinaryCopyWriter(out).timestamptz(Instant.parse("2000-01-01T00:00:01Z")).timestamptz(null).finish();
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray(), 19, out.size() - 19);
        assertThat(b.getInt()).isEqualTo(8);
        assertThat(b.getLong()).isEqualTo(1_000_000L);
        assertThat(b.getInt()).isEqualTo(-1);
    }

    @Test
    void numericIsBase10000DigitsWithWeightSignAndScale() {
        // ndigits, weight, sign, dscale, digits...
        assertThat(PgBinaryCopyWriter.numericDigits(new BigDecimal("1234.56"))).containsExactly(2, 0, 0, 2, 1234, 5600);
        assertThat(PgBinaryCopyWriter.numericDigits(new BigDecimal("-1234.56")))
                .containsExactly(2, 0, 0x4000, 2, 1234, 5600);
        assertThat(PgBinaryCopyWriter.numericDigits(new BigDecimal("0.05"))).containsExactly(1, -1, 0, 2, 500);
        assertThat(PgBinaryCopyWriter.numericDigits(new BigDecimal("10000.00"))).containsExactly(1, 1, 0, 2, 1);
        assertThat(PgBinaryCopyWriter.numericDigits(new BigDecimal("0.00"))).containsExactly(0, 0, 0, 2);
        assertThat(PgBinaryCopyWriter.numericDigits(new BigDecimal("7"))).containsExactly(1, 0, 0, 0, 7);
        assertThat(PgBinaryCopyWriter.numericDigits(new BigDecimal("1E+3"))).containsExactly(1, 0, 0, 0, 1000);
        assertThat(PgBinaryCopyWriter.numericDigits(new BigDecimal("123456789012345678901.2345678")))
                .containsExactly(8, 5, 0, 7, 1, 2345, 6789, 123, 4567, 8901, 2345, 6780);
        assertThat(PgBinaryCopyWriter.numericDigits(new BigDecimal("0.000012"))).containsExactly(1, -2, 0, 6, 1200);
    }

    @Test
    void fastNumericPathMatchesTheGeneralOne() {
        SplittableRandom random = new SplittableRandom(1);
        List<String> different = new ArrayList<>();
        for (int k = 0; k < 100_000; k++) {
            long unscaled = random.nextLong(1L << 47) >> random.nextInt(47);
            BigDecimal value = new BigDecimal(BigInteger.valueOf(random.nextBoolean() ? unscaled : -unscaled),
                    random.nextInt(5));
            if (!Arrays.equals(PgBinaryCopyWriter.numericDigits(value), PgBinaryCopyWriter.numericDigitsGeneral(value))) {
                different.add(value.toString());
            }
        }
        assertThat(different).isEmpty();
    }

    @Test
    void fieldsLargerThanTheBufferPassThrough() throws IOException {
        String big = "x".repeat(1000);
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        PgBinaryCopyWriter writer = new PgBinaryCopyWriter(small, 64);
        writer.row(2).text(big).text("é".repeat(100));
        writer.finish();
        ByteArrayOutputStream large = new ByteArrayOutputStream();
        PgBinaryCopyWriter reference = new PgBinaryCopyWriter(large);
        reference.row(2).text(big).text("é".repeat(100));
        reference.finish();
        assertThat(small.toByteArray()).isEqualTo(large.toByteArray());
        assertThat(small.size()).isEqualTo(19 + 2 + 4 + 1000 + 4 + 200 + 2);
    }
}
