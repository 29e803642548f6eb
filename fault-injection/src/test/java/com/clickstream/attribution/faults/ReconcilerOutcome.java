package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.faults.ReconcilerDatabase.LedgerRow;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a reconciliation must have left, however often it was interrupted: one completed run, the table
 * equal to attribution-core's rule over the raw history, exactly one ledger row per checkout the stream
 * had wrong (with the reason {@link ReconcilerSeed} predicts) and none for the others, and rollups that
 * agree with the corrected table.
 */
final class ReconcilerOutcome {

    private ReconcilerOutcome() {
    }

    static void verify(FaultLog log, ReconcilerDatabase db, ReconcilerHistory history, Map<String, Attribution> answers,
            ReconcilerSeed seed, List<LocalDate> days) throws Exception {
        // one run, completed, nothing skipped, every raw record read
        List<Map<String, Object>> runs = db.runs();
        assertThat(runs).as("reconciliation_runs").hasSize(1);
        Map<String, Object> run = runs.get(0);
        assertThat(run.get("status")).as("run status (skips: %s)", run.get("skips")).isEqualTo("completed");
        assertThat(run.get("skipped_objects")).isEqualTo(0L);
        assertThat(run.get("events_read")).isEqualTo(history.landedRecords());
        assertThat(run.get("checkouts")).isEqualTo((long) answers.size());
        assertThat(run.get("corrections")).isEqualTo((long) seed.expectedReasons().size());
        log.verified("reconciliation_runs: 1 run (%d), status completed, %,d raw records read, %,d checkouts, "
                        + "%,d corrections, 0 skipped objects", run.get("run_id"), run.get("events_read"), run.get("checkouts"),
                run.get("corrections"));

        // the table is the rule over the raw history
        Map<String, Attribution> table = db.table();
        assertThat(table.keySet()).isEqualTo(answers.keySet());
        List<String> wrong = answers.keySet().stream().filter(id -> !answers.get(id).equals(table.get(id))).limit(5).toList();
        assertThat(wrong).as("checkouts whose row differs from FirstClickAttribution").isEmpty();
        log.verified("attributed_checkouts = FirstClickAttribution over the %,d landed raw records: %,d checkouts, 0 missing, "
                + "0 extra, 0 different", history.landedRecords(), table.size());

        // exactly one ledger row per corrected checkout, with the predicted reason
        List<LedgerRow> ledger = db.ledger();
        Set<String> runAndCheckout = new HashSet<>();
        for (LedgerRow row : ledger) {
            assertThat(runAndCheckout.add(row.runId() + "|" + row.checkoutId()))
                    .as("ledger row (run %d, checkout %s) written once", row.runId(), row.checkoutId()).isTrue();
            assertThat(row.runId()).isEqualTo(run.get("run_id"));
            Attribution answer = answers.get(row.checkoutId());
            assertThat(row.newAttributed()).isEqualTo(answer.attributed());
            assertThat(row.newClickId()).isEqualTo(answer.click().map(AttributedClick::clickId).orElse(null));
            assertThat(row.newSource()).isEqualTo(answer.trafficSource());
            assertThat(row.newRevenue()).isEqualByComparingTo(answer.revenue());
        }
        Map<String, String> reasons = ledger.stream().collect(Collectors.toMap(LedgerRow::checkoutId, LedgerRow::reason,
                (a, b) -> a + "," + b, TreeMap::new));
        assertThat(reasons).isEqualTo(seed.expectedReasons());
        Set<String> seeded = seed.rows().stream().map(Attribution::checkoutId).collect(Collectors.toSet());
        for (LedgerRow row : ledger) {
            assertThat(row.oldAttributed() == null).as("old values of %s", row.checkoutId())
                    .isEqualTo(!seeded.contains(row.checkoutId()));
        }
        Map<String, Long> byReason = ledger.stream().collect(Collectors.groupingBy(LedgerRow::reason, TreeMap::new,
                Collectors.counting()));
        log.verified("ledger: %,d rows, each (run, checkout) once, exactly the %,d checkouts seeded wrong, each with its "
                + "expected reason %s, new values = the rule", ledger.size(), seed.expectedReasons().size(), byReason);

        int rollupRows = db.checkRollups(days, history.distinctClicksByDay());
        log.verified("rollups of %s: %,d rollup rows equal the aggregates recomputed from attributed_checkouts/items "
                + "(hourly source-device, category, product, segment), every model credits the day's revenue and "
                + "checkouts, first-click per source = the table, clicks = distinct raw clicks", days, rollupRows);
    }
}
