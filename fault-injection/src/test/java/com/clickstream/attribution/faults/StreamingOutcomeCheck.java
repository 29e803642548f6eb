package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.rules.Attribution;
import java.sql.SQLException;
import java.util.Map;

/**
 * The end state every streaming fault test must reach, whatever it injected: the table equals the
 * core rule for every checkout (none missing, none extra), line items once each, one dead letter per
 * malformed record with the generator's reason, and counters equal to exactly what was sent.
 */
final class StreamingOutcomeCheck {

    private StreamingOutcomeCheck() {
    }

    static void verify(StreamingTraffic traffic, StreamingTables tables, FaultLog log) throws SQLException {
        Map<String, StreamingTables.Checkout> rows = tables.checkouts();
        assertThat(rows.keySet()).as("checkouts in the table (none missing, none extra)")
                .containsExactlyInAnyOrderElementsOf(traffic.expected.keySet());
        long attributed = 0;
        for (Attribution want : traffic.expected.values()) {
            StreamingTables.Checkout got = rows.get(want.checkoutId());
            String id = want.checkoutId();
            assertThat(got.attributed()).as("attributed of %s", id).isEqualTo(want.attributed());
            assertThat(got.clickId()).as("credited click of %s", id)
                    .isEqualTo(want.click().map(c -> c.clickId()).orElse(null));
            assertThat(got.trafficSource()).as("traffic source of %s", id).isEqualTo(want.trafficSource());
            assertThat(got.revenue()).as("revenue of %s", id).isEqualByComparingTo(want.revenue());
            attributed += got.attributed() ? 1 : 0;
        }
        log.verified("attributed_checkouts = FirstClickAttribution for all %,d checkouts (%,d attributed, %,d "
                + "unattributed): 0 missing, 0 extra, 0 different", rows.size(), attributed, rows.size() - attributed);

        Map<String, Integer> lines = tables.itemLines();
        assertThat(lines).as("line items per checkout = the checkout event's items").isEqualTo(traffic.itemLines);
        assertThat(tables.itemsAmount()).as("sum of line amounts").isEqualByComparingTo(traffic.revenue());
        log.verified("checkout_items: %,d lines, each checkout's = its event's items (none duplicated), amount %s = "
                + "revenue", lines.values().stream().mapToLong(Integer::longValue).sum(), traffic.revenue());

        Map<String, Long> reasons = tables.deadLettersByReason();
        assertThat(reasons).as("dead letters per reason = malformed records sent per reason")
                .isEqualTo(traffic.malformedByReason());
        assertThat(tables.duplicateDeadLetters()).as("dead letters stored twice").isZero();
        log.verified("dead_letters: %,d = malformed sent, per reason equal for all %d reasons, 0 stored twice",
                reasons.values().stream().mapToLong(Long::longValue).sum(), reasons.size());

        StreamingTables.Metrics metrics = tables.metrics();
        StreamingTables.Counted counted = tables.counted();
        assertThat(metrics.eventsIn()).as("stream_metrics.events_in = records sent").isEqualTo(traffic.sent());
        assertThat(metrics.rejected()).as("stream_metrics.rejected = malformed sent").isEqualTo(traffic.malformed());
        assertThat(metrics.lateDropped()).as("stream_metrics.late_dropped (lateness beyond every delay)").isZero();
        assertThat(metrics.revenue()).as("stream_metrics.revenue = revenue of the checkouts")
                .isEqualByComparingTo(traffic.revenue());
        assertThat(metrics.unattributed()).as("rows written unattributed <= checkouts (each inserted once)")
                .isLessThanOrEqualTo(traffic.expected.size());
        assertThat(metrics.attributed()).as("rows written attributed >= attributed checkouts")
                .isGreaterThanOrEqualTo(traffic.attributed());
        assertThat(counted.eventsIn()).as("stream_progress.events_in summed").isEqualTo(traffic.sent());
        assertThat(counted.rejected()).as("stream_progress.rejected summed").isEqualTo(traffic.malformed());
        assertThat(counted.keys()).as("progress keys: one checkpoint, one query id across every restart").isEqualTo(1);
        log.verified("stream_metrics: events_in %,d = sent %,d, rejected %,d = malformed %,d, late_dropped 0, revenue "
                        + "%s = checkouts' (not double-counted); stream_progress: %,d batches under 1 query id, "
                        + "events_in %,d", metrics.eventsIn(), traffic.sent(), metrics.rejected(), traffic.malformed(),
                metrics.revenue(), counted.batches(), counted.eventsIn());
    }
}
