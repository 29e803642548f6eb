package com.clickstream.attribution.report;

import com.clickstream.attribution.report.section.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The UTC days a report covers, both ends included. Daily figures are per UTC day of the checkout's event
 * time, as in every rollup; dead letters per UTC day they were received.
 */
public record ReportPeriod(LocalDate firstDay, LocalDate lastDay) {

    /** Days a report covers unless told otherwise: two weeks up to the last reconciled day. */
    public static final int DEFAULT_DAYS = 14;

    public ReportPeriod {
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(lastDay, "lastDay");
        if (firstDay.isAfter(lastDay)) {
            throw new IllegalArgumentException("report period " + firstDay + " .. " + lastDay + " is empty");
        }
    }

    /**
     * Up to {@code days} days ending on {@code lastDay}, but not before the first day with a checkout (so a
     * ten-minute demo shows its day, not thirteen empty ones before it).
     */
    public static ReportPeriod endingOn(Connection c, LocalDate lastDay, int days) throws SQLException {
        if (days < 1) {
            throw new IllegalArgumentException("a report covers at least one day, was " + days);
        }
        LocalDate first = lastDay.minusDays(days - 1L);
        LocalDate firstData = Sql.oneDate(c, """
                SELECT (min(checkout_ts) AT TIME ZONE 'UTC')::date FROM ecommerce.attributed_checkouts
                WHERE checkout_ts >= ? AND checkout_ts < ?
                """, startOf(first), startOf(lastDay.plusDays(1)));
        return new ReportPeriod(firstData != null && firstData.isAfter(first) ? firstData : first, lastDay);
    }

    /**
     * The period of the latest data: ending on the last day of the latest finished reconciliation run, or of
     * the latest checkout when no run finished (a stream-only run), or today (UTC) on an empty database.
     */
    public static ReportPeriod latest(Connection c, int days) throws SQLException {
        LocalDate last = Sql.oneDate(c, """
                SELECT ((max(range_to) - interval '1 millisecond') AT TIME ZONE 'UTC')::date
                FROM ecommerce.reconciliation_runs WHERE status IN ('completed', 'completed_with_skips')
                """);
        if (last == null) {
            last = Sql.oneDate(c, "SELECT (max(checkout_ts) AT TIME ZONE 'UTC')::date FROM ecommerce.attributed_checkouts");
        }
        return endingOn(c, last != null ? last : LocalDate.now(ZoneOffset.UTC), days);
    }

    /** Start of the first day (inclusive bound for timestamps). */
    public OffsetDateTime from() {
        return startOf(firstDay);
    }

    /** Start of the day after the last day (exclusive bound for timestamps). */
    public OffsetDateTime to() {
        return startOf(lastDay.plusDays(1));
    }

    /** Every day of the period, in order. */
    public List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = firstDay; !d.isAfter(lastDay); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    @Override
    public String toString() {
        return firstDay.equals(lastDay) ? firstDay + " (UTC)" : firstDay + " – " + lastDay + " (UTC)";
    }

    private static OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
