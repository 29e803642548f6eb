package com.clickstream.attribution.reconciler.raw;

import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps rejected raw rows in {@code ecommerce.dead_letters} ({@code source = 'reconciler'}, the object key,
 * the reason code, the detail). Re-reading the same object (a second run, a restart) adds nothing: a row is identified
 * by its object key and row number (the payload names both).
 */
public final class RejectedRowDeadLetters {

    private final JdbcTemplate jdbc;

    public RejectedRowDeadLetters(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    public void keep(RejectedRawRow row) {
        jdbc.update("""
                INSERT INTO ecommerce.dead_letters (source, event_type, reason_code, detail, payload, object_key)
                SELECT 'reconciler', ?, ?, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM ecommerce.dead_letters
                                  WHERE source = 'reconciler' AND object_key = ? AND payload = ?)
                """, row.eventType(), row.reason(), withoutNul(row.detail()), payload(row), row.key(), row.key(),
                payload(row));
    }

    /**
     * A detail quotes the bad value (e.g. a device_type ending in NUL); PostgreSQL text cannot hold NUL and
     * the insert would fail the run, so NUL becomes U+FFFD, as in the stream's dead letters.
     */
    static String withoutNul(String detail) {
        return detail == null || detail.indexOf('\u0000') < 0 ? detail : detail.replace('\u0000', '\uFFFD');
    }

    /** The raw row is Parquet, not text: the payload names it (object and row number) instead. */
    private static String payload(RejectedRawRow row) {
        return "parquet row " + row.row() + " of " + row.key();
    }
}
