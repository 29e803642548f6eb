package com.clickstream.attribution.reconciler.explain;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.CheckoutOwner;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.CheckoutFacts;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.Correction;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.StoredAnswer;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.StoredRow;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.reconciler.raw.RawListing;
import com.clickstream.attribution.reconciler.raw.RawObject;
import com.clickstream.attribution.reconciler.raw.RawObjectDecoder;
import com.clickstream.attribution.reconciler.raw.UnreadableRawObjectException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What {@code explain} reads: the checkout's row and its ledger rows from PostgreSQL, the checkout and the
 * user's clicks from the raw layout in S3 (by arrival hour, as the reconciler reads them).
 *
 * <p>Clicks are read for event times {@code [checkout_ts - 2W, checkout_ts + W]} (the window and one window on
 * each side, for the nearest clicks outside it) from the arrival hours that can hold them: from
 * {@code checkout_ts - 2W} minus Firehose's buffering slack up to now, since a late click lands in a later
 * partition. The checkout is looked up from its arrival around its time in the table, or, when the table has no
 * row, in the partitions of the last {@code lookback}.
 */
public final class ExplainSources {

    /** What was found for one checkout id. */
    public record Found(Checkout checkout, CheckoutFacts facts, List<Click> userClicks, String clicksRead, StoredRow stored,
            List<Correction> corrections) {
    }

    private final JdbcTemplate jdbc;
    private final RawEventSource raw;
    private final Clock clock;

    public ExplainSources(JdbcTemplate jdbc, RawEventSource raw, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.raw = Objects.requireNonNull(raw, "raw");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Everything about {@code checkoutId}; empty when neither the table nor raw (within {@code lookback}) has it. */
    public Optional<Found> find(String checkoutId, AttributionWindow window, Duration lookback) {
        StoredRow stored = storedRow(checkoutId);
        Instant storedTs = stored == null ? null : checkoutTs(checkoutId);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant checkoutArrivalFrom = storedTs == null ? now.minus(lookback)
                : storedTs.minus(RawObjectDecoder.ARRIVAL_SLACK).minus(Duration.ofHours(1));
        List<Checkout> copies = new ArrayList<>();
        read(EventType.CHECKOUT, checkoutArrivalFrom, now, e -> {
            if (e instanceof Checkout c && c.getEventId().equals(checkoutId)) {
                copies.add(c);
            }
        });
        Checkout checkout;
        String source;
        if (!copies.isEmpty()) {
            checkout = copies.stream().min(Comparator.comparing(Attribution::unattributed, CheckoutOwner.OWNER)).orElseThrow();
            source = "raw";
        } else if (stored != null) {
            checkout = fromTable(checkoutId, storedTs, stored);
            source = "attributed_checkouts (no raw record found)";
        } else {
            return Optional.empty();
        }
        Instant ts = checkout.getEventTs();
        Duration w = window.length();
        Instant spanFrom = ts.minus(w).minus(w);
        Instant spanTo = ts.plus(w);
        Instant arrivalFrom = spanFrom.minus(RawObjectDecoder.ARRIVAL_SLACK);
        List<Click> clicks = new ArrayList<>();
        int[] objects = read(EventType.CLICK, arrivalFrom, now, e -> {
            if (e instanceof Click k && k.getUserId().equals(checkout.getUserId())
                    && !k.getEventTs().isBefore(spanFrom) && !k.getEventTs().isAfter(spanTo)) {
                clicks.add(k);
            }
        });
        String clicksRead = "raw click partitions arriving " + arrivalFrom + " .. " + now + ": " + objects[0] + " objects"
                + (objects[1] > 0 ? ", " + objects[1] + " UNREADABLE (their clicks are missing here)" : "");
        return Optional.of(new Found(checkout, new CheckoutFacts(checkoutId, checkout.getUserId(), ts.toString(),
                checkout.getTotalAmount(), checkout.getCurrency(), copies.size(), source), List.copyOf(clicks), clicksRead,
                stored, corrections(checkoutId)));
    }

    /** Reads every object of {@code type} arriving in {@code [from, until]}; returns {objects read, unreadable}. */
    private int[] read(EventType type, Instant from, Instant until, Consumer<SpecificRecord> events) {
        RawListing listing = raw.list(type, from, until.plus(Duration.ofHours(1)));
        int[] counts = new int[2];
        for (RawObject object : listing.objects()) {
            try {
                raw.read(object, events);
                counts[0]++;
            } catch (UnreadableRawObjectException e) {
                counts[1]++;
            }
        }
        return counts;
    }

    private StoredRow storedRow(String checkoutId) {
        List<StoredRow> rows = jdbc.query("""
                SELECT written_by, version, updated_at, attributed, attributed_click_id, click_ts, traffic_source, revenue
                FROM ecommerce.attributed_checkouts WHERE checkout_id = ?""",
                (rs, i) -> new StoredRow(rs.getString(1), rs.getInt(2), instant(rs, 3), rs.getBoolean(4), rs.getString(5),
                        instant(rs, 6), rs.getString(7), rs.getBigDecimal(8)), checkoutId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private Instant checkoutTs(String checkoutId) {
        return jdbc.queryForObject("SELECT checkout_ts FROM ecommerce.attributed_checkouts WHERE checkout_id = ?",
                (rs, i) -> rs.getObject(1, OffsetDateTime.class).toInstant(), checkoutId);
    }

    private Checkout fromTable(String checkoutId, Instant ts, StoredRow stored) {
        return jdbc.queryForObject("SELECT user_id, currency FROM ecommerce.attributed_checkouts WHERE checkout_id = ?",
                (rs, i) -> Checkout.newBuilder().setEventId(checkoutId).setEventType("checkout").setUserId(rs.getString(1))
                        .setSessionId("").setItems(List.of()).setTotalAmount(stored.revenue()).setCurrency(rs.getString(2))
                        .setPaymentMethod("").setEventTs(ts).build(), checkoutId);
    }

    private List<Correction> corrections(String checkoutId) {
        return jdbc.query("""
                SELECT run_id, reason, corrected_at, old_attributed, old_click_id, old_traffic_source, old_revenue,
                       new_attributed, new_click_id, new_traffic_source, new_revenue
                FROM ecommerce.attribution_corrections WHERE checkout_id = ? ORDER BY corrected_at, id""",
                (rs, i) -> new Correction(rs.getLong(1), rs.getString(2), instant(rs, 3),
                        new StoredAnswer((Boolean) rs.getObject(4), rs.getString(5), rs.getString(6), rs.getBigDecimal(7)),
                        new StoredAnswer(rs.getBoolean(8), rs.getString(9), rs.getString(10), rs.getBigDecimal(11))),
                checkoutId);
    }

    private static String instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant().toString();
    }
}
