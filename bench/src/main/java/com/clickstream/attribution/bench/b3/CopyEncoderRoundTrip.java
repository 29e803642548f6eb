package com.clickstream.attribution.bench.b3;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Checks {@link PgBinaryCopyWriter} against the server before B3 trusts it: edge values (NULLs,
 * non-ASCII text, timestamps before PostgreSQL's epoch and with microseconds, numerics of every
 * digit-group layout, negative and zero) go in by binary COPY and must come back equal.
 */
final class CopyEncoderRoundTrip {

    record Value(String text, Instant ts, BigDecimal number, Boolean flag, Integer integer) {
    }

    static final List<Value> VALUES = List.of(
            new Value("ord-b3s7-1", Instant.parse("2024-03-01T12:34:56.789Z"), new BigDecimal("1234.56"), true, 1),
            new Value("Grüße, € and 日本", Instant.parse("1999-12-31T23:59:59.999999Z"), new BigDecimal("-1234.56"),
                    false, -1),
            new Value("", Instant.parse("1970-01-01T00:00:00Z"), new BigDecimal("0.00"), true, Integer.MAX_VALUE),
            new Value(null, null, null, null, null),
            new Value("x".repeat(70_000), Instant.parse("2000-01-01T00:00:00Z"), new BigDecimal("0.05"), false,
                    Integer.MIN_VALUE),
            new Value("a", Instant.parse("2262-04-11T23:47:16.854775Z"), new BigDecimal("10000.00"), true, 0),
            new Value("b", Instant.parse("2024-03-31T23:59:59.000001Z"), new BigDecimal("9999999999.99"), true, 2),
            new Value("c", Instant.parse("2024-03-02T00:00:00Z"), new BigDecimal("0.0001"), true, 3),
            new Value("d", Instant.parse("2024-03-02T00:00:00Z"), new BigDecimal("123456789012345678901.2345678"), true,
                    4),
            new Value("e", Instant.parse("2024-03-02T00:00:00Z"), new BigDecimal("1E+3"), true, 5),
            new Value("f", Instant.parse("2024-03-02T00:00:00Z"), new BigDecimal("0"), true, 6),
            new Value("g", Instant.parse("2024-03-02T00:00:00Z"), new BigDecimal("-0.10"), true, 7));

    private CopyEncoderRoundTrip() {
    }

    /** Throws if any value comes back different. */
    static void verify(Connection c) throws SQLException, IOException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE b3_roundtrip (k int4, t text, ts timestamptz, n numeric, b boolean, i int4) "
                    + "ON COMMIT DROP");
            PGCopyOutputStream copy = new PGCopyOutputStream(c.unwrap(PGConnection.class),
                    "COPY b3_roundtrip FROM STDIN (FORMAT binary)", 1 << 12);
            PgBinaryCopyWriter out = new PgBinaryCopyWriter(copy, 256);
            for (int k = 0; k < VALUES.size(); k++) {
                Value v = VALUES.get(k);
                out.row(6).int4(k).text(v.text()).timestamptz(v.ts()).numeric(v.number());
                if (v.flag() == null) {
                    out.nullValue();
                } else {
                    out.bool(v.flag());
                }
                if (v.integer() == null) {
                    out.nullValue();
                } else {
                    out.int4(v.integer());
                }
            }
            out.finish();
            long copied = copy.endCopy();
            if (copied != VALUES.size()) {
                throw new IllegalStateException("round trip: COPY took " + copied + " rows, expected " + VALUES.size());
            }
            List<String> wrong = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT k, t, ts, n::text, b, i FROM b3_roundtrip ORDER BY k")) {
                while (rs.next()) {
                    Value v = VALUES.get(rs.getInt(1));
                    OffsetDateTime ts = rs.getObject(3, OffsetDateTime.class);
                    Value back = new Value(rs.getString(2), ts == null ? null : ts.toInstant(),
                            rs.getString(4) == null ? null : new BigDecimal(rs.getString(4)),
                            (Boolean) rs.getObject(5), (Integer) rs.getObject(6));
                    // numeric keeps the display scale: 1E+3 comes back as 1000, every other value as written
                    Value expected = v.number() != null && v.number().scale() < 0
                            ? new Value(v.text(), v.ts(), v.number().setScale(0), v.flag(), v.integer()) : v;
                    if (!expected.equals(back)) {
                        wrong.add("sent " + abbreviate(expected) + ", read " + abbreviate(back));
                    }
                }
            }
            if (!wrong.isEmpty()) {
                throw new IllegalStateException("binary COPY encoder round trip failed:\n" + String.join("\n", wrong));
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    private static String abbreviate(Value v) {
        String s = v.toString();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
