package com.clickstream.attribution.faults;

import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawObjectKey;
import com.clickstream.attribution.rawstore.parquet.RawParquetReader;
import com.clickstream.attribution.rawstore.parquet.RawRows;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;

/** What {@link KinesisThrottlingFaultIT}'s consumers produced: the stream's tables and the raw landing's objects. */
final class ThrottlingOutcome {

    /** Sums over every {@code ecommerce.stream_metrics} row. */
    record Metrics(long eventsIn, long rejected, long lateDropped) {
    }

    /** One {@code ecommerce.attributed_checkouts} row, as the core rule's answer is compared. */
    record Checkout(boolean attributed, String clickId, String trafficSource, BigDecimal revenue) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ThrottlingOutcome() {
    }

    static Metrics metrics(DataSource db) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(events_in), 0), coalesce(sum(rejected), 0),"
                     + " coalesce(sum(late_dropped), 0) FROM ecommerce.stream_metrics");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Metrics(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    static Map<String, Long> deadLettersByReason(DataSource db) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT reason_code, count(*) FROM ecommerce.dead_letters GROUP BY reason_code");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    static Map<String, Checkout> checkouts(DataSource db) throws SQLException {
        Map<String, Checkout> out = new TreeMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT checkout_id, attributed, attributed_click_id,"
                     + " traffic_source, revenue FROM ecommerce.attributed_checkouts");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new Checkout(rs.getBoolean(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5)));
            }
        }
        return out;
    }

    /** Event id -> how many times it landed under raw/ (read back with raw-store's Parquet reader). */
    static Map<String, Long> landedEventIds(S3ServerExtension s3, String bucket) throws BadRawObjectException {
        Map<String, Long> out = new TreeMap<>();
        for (String key : s3.listKeys(bucket, RawLayout.RAW_PREFIX)) {
            RawObjectKey parsed = RawLayout.parse(key);
            RawRows<? extends SpecificRecord> rows = RawParquetReader.forType(parsed.partition().type())
                    .read(s3.getBytes(bucket, key), key);
            if (!rows.rejected().isEmpty()) {
                throw new AssertionError("rows the reader rejected in " + key + ": " + rows.rejected());
            }
            for (SpecificRecord event : rows.events()) {
                out.merge(String.valueOf(event.get(0)), 1L, Long::sum); // field 0 is event_id in both schemas
            }
        }
        return out;
    }

    /** Reason code -> error lines under raw-errors/. */
    static Map<String, Long> rawErrorsByReason(S3ServerExtension s3, String bucket) {
        Map<String, Long> out = new TreeMap<>();
        for (String key : s3.listKeys(bucket, RawLayout.ERRORS_PREFIX)) {
            for (String line : new String(s3.getBytes(bucket, key), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.merge(JSON.readTree(line).get("errorCode").asText(), 1L, Long::sum);
                } catch (IOException e) {
                    throw new UncheckedIOException("error line in " + key, e);
                }
            }
        }
        return out;
    }
}
