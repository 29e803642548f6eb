package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.report.ReportLayout;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness.LedgerRow;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciliation job end to end on embedded PostgreSQL and s3proxy with real Parquet, one scenario
 * per test: raw events land by arrival time, the stream's provisional table is seeded as the stream
 * would have left it, the job runs, and the table must equal attribution-core's first-click over the
 * whole raw history, with one ledger row per changed checkout giving the right reason.
 */
class ReconciliationJobFunctionalIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    static Path workDir;

    static ReconcilerHarness reconciler;

    static final Instant DAY = Instant.parse("2024-03-01T00:00:00Z");
    static final Map<String, String> RANGE = Map.of("from", "2024-03-01T00:00:00Z", "to", "2024-03-02T00:00:00Z");
    static final AttributionWindow W = AttributionWindow.DEFAULT;

    RawBucket raw;

    @BeforeAll
    static void startReconciler() {
        reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-functional", workDir, Map.of());
    }

    @AfterAll
    static void stopReconciler() {
        reconciler.close();
    }

    @BeforeEach
    void cleanState() {
        POSTGRES.truncateAll("ecommerce");
        raw = RawBucket.emptied(S3.s3Client(), "raw-functional");
    }

    static Instant at(String hhmm) {
        return Instant.parse("2024-03-01T" + hhmm + ":00Z");
    }

    @Test
    void lateClickThatMakesAnEarlierClickTheFirstOne() throws Exception {
        // given: the stream credited k2 (11:50); k1 (11:20) arrived at 14:30, long after the stream's lateness
        Click k1 = click("k1", "u1", at("11:20"), "google");
        Click k2 = click("k2", "u1", at("11:50"), "email");
        Checkout o1 = checkout("o1", "u1", at("12:00"), "100.00");
        raw.arrives(k2, at("11:50")).arrives(o1, at("12:00")).arrives(k1, at("14:30")).flush();
        reconciler.seedStreamRow(Attribution.attributedTo(o1, k2));

        // when
        ReconciliationLauncher.Outcome outcome = reconciler.reconcile(RANGE);

        // then
        thenTableIsTheCoreRule(outcome);
        assertThat(reconciler.table().get("o1").click().orElseThrow().clickId()).isEqualTo("k1");
        assertThat(reconciler.ledger()).singleElement().satisfies(row -> {
            assertThat(row.checkoutId()).isEqualTo("o1");
            assertThat(row.reason()).isEqualTo("late_click");
            assertThat(row.oldClickId()).isEqualTo("k2");
            assertThat(row.oldSource()).isEqualTo("email");
            assertThat(row.newClickId()).isEqualTo("k1");
            assertThat(row.newSource()).isEqualTo("google");
            assertThat(row.newRevenue()).isEqualByComparingTo("100.00");
        });
        assertThat(reconciler.versions()).containsEntry("o1", 2);
    }

    @Test
    void lateCheckoutTheStreamNeverSaw() throws Exception {
        // given: o2 arrived 2h40m late and the stream never wrote it; o6 arrived on time and was missed anyway
        Click k3 = click("k3", "u2", at("13:00"), "facebook");
        Checkout o2 = checkout("o2", "u2", at("13:30"), "42.50");
        Checkout o6 = checkout("o6", "u6", at("15:00"), "10.00");
        raw.arrives(k3, at("13:00")).arrives(o6, at("15:00")).arrives(o2, at("16:10")).flush();

        // when
        ReconciliationLauncher.Outcome outcome = reconciler.reconcile(RANGE);

        // then
        thenTableIsTheCoreRule(outcome);
        assertThat(reasons()).containsExactlyInAnyOrderEntriesOf(Map.of("o2", "late_checkout", "o6", "missed_by_stream"));
        assertThat(reconciler.ledger()).allSatisfy(row -> {
            assertThat(row.oldAttributed()).isNull();
            assertThat(row.oldSource()).isNull();
            assertThat(row.oldRevenue()).isNull();
        });
        assertThat(reconciler.jdbc().queryForObject(
                "SELECT sum(line_amount) FROM ecommerce.checkout_items WHERE checkout_id = 'o2'", BigDecimal.class))
                .isEqualByComparingTo("42.50");
        assertThat(reconciler.jdbc().queryForList(
                "SELECT written_by FROM ecommerce.attributed_checkouts", String.class)).containsOnly("reconciler");
    }

    @Test
    void duplicates() throws Exception {
        // given: exact copies (k4, o3) the stream handled right, and a click re-sent with a new timestamp
        // (k5 at 10:10 and again at 10:20) where the stream kept the later copy
        Click k4 = click("k4", "u3", at("09:40"), "organic");
        Checkout o3 = checkout("o3", "u3", at("10:00"), "20.00");
        Click k5 = click("k5", "u4", at("10:10"), "affiliate");
        Click k5Again = Click.newBuilder(k5).setEventTs(at("10:20")).build();
        Checkout o4 = checkout("o4", "u4", at("10:30"), "30.00");
        raw.arrives(k4, at("09:40")).arrives(k4, at("09:41")).arrives(o3, at("10:00")).arrives(o3, at("10:01"))
                .arrives(k5, at("10:10")).arrives(k5Again, at("10:20")).arrives(o4, at("10:30")).flush();
        reconciler.seedStreamRow(Attribution.attributedTo(o3, k4));
        reconciler.seedStreamRow(Attribution.attributedTo(o4, k5Again));

        // when
        ReconciliationLauncher.Outcome outcome = reconciler.reconcile(RANGE);

        // then
        thenTableIsTheCoreRule(outcome);
        assertThat(reasons()).containsExactlyEntriesOf(Map.of("o4", "duplicate"));
        assertThat(reconciler.table().get("o4").click().orElseThrow().clickTs()).isEqualTo(at("10:10"));
        assertThat(reconciler.versions()).containsEntry("o3", 1);
        assertThat(reconciler.run(outcome.runId().orElseThrow()).get("duplicates")).isEqualTo(3L);
    }

    @Test
    void streamCreditedAClickOutsideTheWindow() throws Exception {
        // given: the stream credited k6, two hours before the checkout (a wider window than W = 1h)
        Click k6 = click("k6", "u5", at("08:00"), "google");
        Click k7 = click("k7", "u5", at("09:30"), "direct");
        Checkout o5 = checkout("o5", "u5", at("10:00"), "55.55");
        raw.arrives(k6, at("08:00")).arrives(k7, at("09:30")).arrives(o5, at("10:00")).flush();
        reconciler.seedStreamRow(Attribution.attributedTo(o5, k6));

        // when
        ReconciliationLauncher.Outcome outcome = reconciler.reconcile(RANGE);

        // then
        thenTableIsTheCoreRule(outcome);
        assertThat(reasons()).containsExactlyEntriesOf(Map.of("o5", "rule_change"));
        assertThat(reconciler.table().get("o5").trafficSource()).isEqualTo("direct");
    }

    @Test
    void userWithNoClicks() throws Exception {
        // given: o7 (no clicks) stored unattributed, as it should be; o8 (no clicks) credited to a click
        // that is in no raw partition
        Checkout o7 = checkout("o7", "u7", at("18:00"), "70.00");
        Checkout o8 = checkout("o8", "u8", at("19:00"), "80.00");
        raw.arrives(o7, at("18:00")).arrives(o8, at("19:00")).flush();
        reconciler.seedStreamRow(Attribution.unattributed(o7));
        reconciler.seedStreamRow(Attribution.attributedTo(o8, click("k-ghost", "u8", at("18:30"), "google")));

        // when
        ReconciliationLauncher.Outcome outcome = reconciler.reconcile(RANGE);

        // then
        thenTableIsTheCoreRule(outcome);
        assertThat(reasons()).containsExactlyEntriesOf(Map.of("o8", "missed_by_stream"));
        assertThat(reconciler.table().get("o8").trafficSource()).isEqualTo(Attribution.UNATTRIBUTED);
        assertThat(reconciler.versions()).containsEntry("o7", 1);
    }

    @Test
    void allScenariosTogetherThenASecondRunWritesNothing() throws Exception {
        // given: every scenario above in one history, plus a checkout after the range the stream got wrong
        Click k1 = click("k1", "u1", at("11:20"), "google");
        Click k2 = click("k2", "u1", at("11:50"), "email");
        Checkout o1 = checkout("o1", "u1", at("12:00"), "100.00");
        Click k3 = click("k3", "u2", at("13:00"), "facebook");
        Checkout o2 = checkout("o2", "u2", at("13:30"), "42.50");
        Click k6 = click("k6", "u5", at("08:00"), "google");
        Click k7 = click("k7", "u5", at("09:30"), "direct");
        Checkout o5 = checkout("o5", "u5", at("10:00"), "55.55");
        Checkout o7 = checkout("o7", "u7", at("18:00"), "70.00");
        Click k9 = click("k9", "u9", Instant.parse("2024-03-02T00:10:00Z"), "email");
        Checkout o9 = checkout("o9", "u9", Instant.parse("2024-03-02T00:30:00Z"), "9.00");
        raw.arrives(k2, at("11:50")).arrives(o1, at("12:00")).arrives(k1, at("14:30"))
                .arrives(k3, at("13:00")).arrives(o2, at("16:10"))
                .arrives(k6, at("08:00")).arrives(k7, at("09:30")).arrives(o5, at("10:00"))
                .arrives(o7, at("18:00"))
                .arrives(k9, Instant.parse("2024-03-02T00:10:00Z")).arrives(o9, Instant.parse("2024-03-02T00:30:00Z"))
                .flush();
        reconciler.seedStreamRow(Attribution.attributedTo(o1, k2));
        reconciler.seedStreamRow(Attribution.attributedTo(o5, k6));
        reconciler.seedStreamRow(Attribution.unattributed(o7));
        reconciler.seedStreamRow(Attribution.unattributed(o9)); // outside [from, to): left alone

        // when
        ReconciliationLauncher.Outcome first = reconciler.reconcile(RANGE);
        Map<String, Integer> versionsAfterFirst = reconciler.versions();
        ReconciliationLauncher.Outcome second = reconciler.reconcile(RANGE);

        // then
        thenTableIsTheCoreRule(first);
        assertThat(reasons()).containsExactlyInAnyOrderEntriesOf(
                Map.of("o1", "late_click", "o2", "late_checkout", "o5", "rule_change"));
        assertThat(reconciler.table().get("o9").attributed()).isFalse();
        assertThat(second.succeeded()).isTrue();
        assertThat(second.runId()).isNotEqualTo(first.runId());
        Map<String, Object> secondRun = reconciler.run(second.runId().orElseThrow());
        assertThat(secondRun.get("status")).isEqualTo("completed");
        assertThat(secondRun.get("corrections")).isEqualTo(0L);
        assertThat(reconciler.ledger()).extracting(LedgerRow::runId).containsOnly(first.runId().orElseThrow());
        assertThat(reconciler.versions()).isEqualTo(versionsAfterFirst);

        // and the rollups of the day add up: every model credits exactly the day's revenue and checkouts
        BigDecimal revenue = new BigDecimal("100.00").add(new BigDecimal("42.50")).add(new BigDecimal("55.55"))
                .add(new BigDecimal("70.00"));
        List<Map<String, Object>> models = reconciler.jdbc().queryForList("""
                SELECT model, sum(credited_revenue) AS revenue, sum(credited_checkouts) AS checkouts
                FROM ecommerce.rollup_daily_model_source WHERE day = DATE '2024-03-01' GROUP BY model
                """);
        assertThat(models).hasSize(AttributionModel.values().length).allSatisfy(m -> {
            assertThat((BigDecimal) m.get("revenue")).isEqualByComparingTo(revenue);
            assertThat((BigDecimal) m.get("checkouts")).isEqualByComparingTo("4");
        });
        assertThat(reconciler.jdbc().queryForObject(
                "SELECT sum(clicks) FROM ecommerce.rollup_daily_clicks WHERE day = DATE '2024-03-01'", Long.class))
                .isEqualTo(5L); // k1, k2, k3, k6, k7; not k9 (next day)
        assertThat(reconciler.jdbc().queryForObject(
                "SELECT sum(revenue) FROM ecommerce.rollup_hourly_source_device WHERE hour >= ? AND hour < ?",
                BigDecimal.class, java.sql.Timestamp.from(DAY), java.sql.Timestamp.from(DAY.plusSeconds(86_400))))
                .isEqualByComparingTo(revenue);
    }

    @Test
    void conversionPathsAndLastNonDirectClickEqualAnIndependentComputation() throws Exception {
        // given: repeats, a copy, both window ends, a click 1 ms outside, a tie, only direct, no click, a late click
        Checkout o1 = checkout("o1", "u1", at("11:00"), "100.00");
        Click k0 = click("k0", "u1", at("10:00").minusMillis(1), "facebook"); // 1 ms before the window
        Click k1 = click("k1", "u1", at("10:00"), "google");                  // the window's start
        Click k2 = click("k2", "u1", at("10:10"), "google");
        Click k3 = click("k3", "u1", at("10:20"), "email");
        Click k4 = click("k4", "u1", at("10:59"), "direct");
        Checkout o2 = checkout("o2", "u2", at("12:30"), "50.00");
        Click kb = click("kb", "u2", at("12:00"), "facebook");
        Click ka = click("ka", "u2", at("12:00"), "google");                  // same millisecond: ka first
        Checkout o3 = checkout("o3", "u3", at("14:00"), "30.00");
        Click d1 = click("d1", "u3", at("13:00"), "direct");
        Click d2 = click("d2", "u3", at("14:00"), "direct");                  // the window's end
        Checkout o4 = checkout("o4", "u4", at("15:00"), "20.00");
        Click after = click("k-after", "u4", at("15:00").plusMillis(1), "google");
        Checkout o5 = checkout("o5", "u5", at("15:30"), "10.00");
        Click k5 = click("k5", "u5", at("15:10"), "instagram");               // arrives late
        Click k6 = click("k6", "u5", at("15:20"), "email");
        Checkout o6 = checkout("o6", "u6", at("16:30"), "5.55");
        Click k7 = click("k7", "u6", at("16:00"), "google");
        Click k8 = click("k8", "u6", at("16:10"), "email");
        Click k9 = click("k9", "u6", at("16:20"), "direct");
        for (var e : List.of(o1, k0, k1, k2, k3, k4, o2, kb, ka, o3, d1, d2, o4, after, k6, o5, o6, k7, k8, k9)) {
            raw.arrives(e, e instanceof Click c ? c.getEventTs() : ((Checkout) e).getEventTs());
        }
        raw.arrives(k3, at("12:00")).arrives(k5, at("19:00")).flush(); // a copy of k3, and k5 late

        // when
        ReconciliationLauncher.Outcome outcome = reconciler.reconcile(RANGE);

        // then the paths are, computed here from the raw events without attribution-core:
        thenTableIsTheCoreRule(outcome);
        Map<String, String> expectedPaths = new java.util.TreeMap<>();
        Map<String, BigDecimal> expectedLastNonDirect = new java.util.TreeMap<>();
        for (Object e : raw.all()) {
            if (!(e instanceof Checkout c)) {
                continue;
            }
            List<Click> touches = raw.all().stream().filter(x -> x instanceof Click).map(x -> (Click) x)
                    .filter(k -> k.getUserId().equals(c.getUserId()))
                    .filter(k -> !k.getEventTs().isBefore(c.getEventTs().minus(W.length())) && !k.getEventTs().isAfter(c.getEventTs()))
                    .collect(Collectors.toMap(Click::getEventId, k -> k, (a, b) -> a)).values().stream()
                    .sorted(java.util.Comparator.comparing(Click::getEventTs).thenComparing(Click::getEventId)).toList();
            List<String> steps = new java.util.ArrayList<>();
            touches.forEach(k -> {
                if (steps.isEmpty() || !steps.get(steps.size() - 1).equals(k.getTrafficSource())) {
                    steps.add(k.getTrafficSource());
                }
            });
            String path = steps.isEmpty() ? "unattributed" : String.join(" > ", steps);
            expectedPaths.merge(path, "1 " + c.getTotalAmount(), (a, b) -> {
                String[] x = a.split(" ");
                String[] y = b.split(" ");
                return (Long.parseLong(x[0]) + Long.parseLong(y[0])) + " " + new BigDecimal(x[1]).add(new BigDecimal(y[1]));
            });
            String credited = touches.isEmpty() ? "unattributed" : touches.stream()
                    .filter(k -> !k.getTrafficSource().equals("direct")).reduce((a, b) -> b)
                    .orElse(touches.get(touches.size() - 1)).getTrafficSource();
            expectedLastNonDirect.merge(credited, c.getTotalAmount(), BigDecimal::add);
        }
        assertThat(expectedPaths).containsEntry("google > email > direct", "2 105.55").containsEntry("google > facebook", "1 50.00")
                .containsEntry("direct", "1 30.00").containsEntry("unattributed", "1 20.00")
                .containsEntry("instagram > email", "1 10.00").hasSize(5);
        Map<String, String> paths = new java.util.TreeMap<>();
        reconciler.jdbc().query("SELECT path, conversions, revenue FROM ecommerce.rollup_daily_conversion_paths "
                + "WHERE day = DATE '2024-03-01'", rs -> {
                    paths.put(rs.getString(1), rs.getLong(2) + " " + rs.getBigDecimal(3));
                });
        assertThat(paths).isEqualTo(expectedPaths);
        Map<String, BigDecimal> lastNonDirect = new java.util.TreeMap<>();
        reconciler.jdbc().query("SELECT traffic_source, credited_revenue FROM ecommerce.rollup_daily_model_source "
                + "WHERE day = DATE '2024-03-01' AND model = 'last_non_direct_click' AND credited_revenue > 0", rs -> {
                    lastNonDirect.put(rs.getString(1), rs.getBigDecimal(2));
                });
        assertThat(lastNonDirect).isEqualTo(expectedLastNonDirect)
                .containsEntry("email", new BigDecimal("115.55")).containsEntry("direct", new BigDecimal("30.00"));
    }

    @Test
    void histogramRollupsAndTheRunReport() throws Exception {
        // given: o7 30 min after its first of two clicks, o8 without a click
        Click k7 = click("k7", "u7", at("08:00"), "google");
        Click k8 = click("k8", "u7", at("08:10"), "email");
        Checkout o7 = checkout("o7", "u7", at("08:30"), "70.00");
        Checkout o8 = checkout("o8", "u8", at("09:00"), "8.00");
        raw.arrives(k7, at("08:00")).arrives(k8, at("08:10")).arrives(o7, at("08:30")).arrives(o8, at("09:00")).flush();

        // when
        ReconciliationLauncher.Outcome outcome = reconciler.reconcile(RANGE);

        // then: the two histograms' rollups
        thenTableIsTheCoreRule(outcome);
        assertThat(reconciler.jdbc().queryForList(
                "SELECT touches || ':' || checkouts || ':' || revenue FROM ecommerce.rollup_daily_touches ORDER BY touches",
                String.class)).containsExactly("0:1:8.00", "2:1:70.00");
        assertThat(reconciler.jdbc().queryForList(
                "SELECT minute || ':' || checkouts || ':' || revenue FROM ecommerce.rollup_daily_time_to_purchase", String.class))
                .containsExactly("30:1:70.00");
        // and the run report, in the raw bucket: the run's own and the latest
        long runId = outcome.runId().orElseThrow();
        String report = S3.s3Client().getObjectAsBytes(b -> b.bucket("raw-functional").key(ReportLayout.runKey(runId)))
                .asUtf8String();
        assertThat(report).contains("written by reconciler run " + runId).contains("Period 2024-03-01 (UTC)")
                .contains("data-chart=\"touches\"").contains("data-category=\"30–35\"");
        var latest = S3.s3Client().getObjectAsBytes(b -> b.bucket("raw-functional").key(ReportLayout.LATEST));
        assertThat(latest.asUtf8String()).isEqualTo(report);
        assertThat(latest.response().contentType()).startsWith("text/html"); // s3proxy drops the space before charset
    }

    private Map<String, String> reasons() {
        return reconciler.ledger().stream().collect(Collectors.toMap(LedgerRow::checkoutId, LedgerRow::reason));
    }

    /** The reconciled rows of the range equal attribution-core over all raw events; one ledger row per changed row. */
    private void thenTableIsTheCoreRule(ReconciliationLauncher.Outcome outcome) {
        assertThat(outcome.succeeded()).as("job status").isTrue();
        Map<String, Attribution> expected = ReconcilerHarness.expected(raw.all(), DAY, DAY.plusSeconds(86_400), W);
        Map<String, Attribution> inRange = reconciler.table().entrySet().stream()
                .filter(e -> expected.containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(inRange).isEqualTo(expected);
        List<LedgerRow> ledger = reconciler.ledger();
        assertThat(ledger).extracting(LedgerRow::checkoutId).doesNotHaveDuplicates();
        Map<String, Object> run = reconciler.run(outcome.runId().orElseThrow());
        assertThat(run.get("status")).isEqualTo("completed");
        assertThat(run.get("corrections")).isEqualTo((long) ledger.size());
        assertThat(run.get("checkouts")).isEqualTo((long) expected.size());
        for (LedgerRow row : ledger) {
            Attribution now = reconciler.table().get(row.checkoutId());
            assertThat(row.newClickId()).isEqualTo(now.click().map(c -> c.clickId()).orElse(null));
            assertThat(row.newSource()).isEqualTo(now.trafficSource());
        }
    }
}
