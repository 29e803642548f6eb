package com.clickstream.attribution.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.support.GeneratedHistory;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness.LedgerRow;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred thousand generated events (late, duplicate, out-of-order and malformed ones included)
 * landed in the raw layout in s3proxy; the stream's table seeded as a stream with 5 minutes of allowed
 * lateness would have left it. After a run the table equals attribution-core over the whole history, the
 * ledger explains every change, the model rollups add up to the day's revenue, and a second run writes
 * nothing.
 */
class GeneratedTrafficReconciliationIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    static Path workDir;

    static ReconcilerHarness reconciler;

    static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant END = START.plus(Duration.ofHours(4));
    static final AttributionWindow W = AttributionWindow.DEFAULT;

    @BeforeAll
    static void startReconciler() {
        reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-generated", workDir,
                Map.of("reconciler.chunk-size", "200"));
    }

    @AfterAll
    static void stopReconciler() {
        reconciler.close();
    }

    @Test
    void reconciledTableEqualsTheCoreRuleAndRollupsAddUp() throws Exception {
        // given: 4 hours of traffic at 20 events/s, landed by arrival time; the stream's view seeded
        RawBucket raw = RawBucket.emptied(S3.s3Client(), "raw-generated");
        GeneratorConfig config = new GeneratorConfig(7L, 2_000, START, Duration.ofHours(4), 0, 20.0,
                0.01, 0.02, Duration.ofMinutes(10), Duration.ofHours(2), 0.05, Duration.ofSeconds(30),
                0.005, 0.03, 0.2);
        GeneratedHistory history = GeneratedHistory.land(config, raw, W, Duration.ofMinutes(5));
        history.streamRows().forEach(reconciler::seedStreamRow);
        Map<String, Attribution> stream = history.streamRows().stream()
                .collect(Collectors.toMap(Attribution::checkoutId, a -> a));
        assertThat(history.landed()).isGreaterThan(200_000);

        // when
        ReconciliationLauncher.Outcome first = reconciler.reconcile(Map.of(
                "from", START.toString(), "to", END.toString(), "buckets", "8"));
        Map<String, Integer> versions = reconciler.versions();
        ReconciliationLauncher.Outcome second = reconciler.reconcile(Map.of(
                "from", START.toString(), "to", END.toString(), "buckets", "8"));

        // then: the table is the core rule over every raw event
        assertThat(first.succeeded()).isTrue();
        Map<String, Attribution> expected = ReconcilerHarness.expected(raw.all(), START, END, W);
        Map<String, Attribution> table = reconciler.table();
        Map<String, Attribution> inRange = table.entrySet().stream()
                .filter(e -> GeneratedHistory.within(e.getValue(), START, END))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(inRange.keySet()).isEqualTo(expected.keySet());
        expected.forEach((id, answer) -> assertThat(inRange.get(id)).as(id).isEqualTo(answer));
        // and so are the run's curated rows, the apply stage's input and Athena's answers
        assertThat(reconciler.curated(first.runId().orElseThrow())).isEqualTo(expected);
        // rows after the range (checkouts of sessions that started before END) are the stream's, untouched
        table.forEach((id, row) -> {
            if (!inRange.containsKey(id)) {
                assertThat(row).isEqualTo(stream.get(id));
            }
        });

        // and the ledger explains exactly the rows that differed from the stream's
        Set<String> changed = new HashSet<>();
        expected.forEach((id, answer) -> {
            if (!answer.equals(stream.get(id))) {
                changed.add(id);
            }
        });
        List<LedgerRow> ledger = reconciler.ledger();
        assertThat(ledger).extracting(LedgerRow::checkoutId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(changed);
        Map<String, Long> byReason = ledger.stream().collect(Collectors.groupingBy(LedgerRow::reason, Collectors.counting()));
        assertThat(byReason).containsKeys("late_click", "late_checkout");
        for (LedgerRow row : ledger) {
            assertThat(row.oldAttributed() == null).isEqualTo(!stream.containsKey(row.checkoutId()));
            if ("late_checkout".equals(row.reason()) || "late_click".equals(row.reason())) {
                assertThat(row.reason().equals("late_checkout")).isEqualTo(row.oldAttributed() == null);
            }
        }

        // and every raw record is accounted for: read, and copies counted as duplicates
        Map<String, Object> run = reconciler.run(first.runId().orElseThrow());
        assertThat(run.get("events_read")).isEqualTo(history.landed());
        Set<String> ids = new HashSet<>();
        for (SpecificRecord event : raw.all()) {
            ids.add(event instanceof Click click ? "k:" + click.getEventId() : "c:" + ((Checkout) event).getEventId());
        }
        assertThat(run.get("duplicates")).isEqualTo(history.landed() - ids.size());
        assertThat(run.get("corrections")).isEqualTo((long) changed.size());

        // and for every model, credited revenue and checkouts add up to the day's revenue and checkouts
        Map<String, Attribution> day = ReconcilerHarness.expected(raw.all(), START, START.plus(Duration.ofDays(1)), W);
        BigDecimal revenue = day.values().stream().map(Attribution::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<Map<String, Object>> models = reconciler.jdbc().queryForList("""
                SELECT model, sum(credited_revenue) AS revenue, sum(credited_checkouts) AS checkouts
                FROM ecommerce.rollup_daily_model_source WHERE day = DATE '2024-03-01' GROUP BY model""");
        assertThat(models).hasSize(AttributionModel.values().length).allSatisfy(m -> {
            assertThat((BigDecimal) m.get("revenue")).isEqualByComparingTo(revenue);
            assertThat((BigDecimal) m.get("checkouts")).isEqualByComparingTo(BigDecimal.valueOf(day.size()));
        });
        // and so do the conversion paths: every checkout of the day on exactly one path
        Map<String, Object> paths = reconciler.jdbc().queryForMap("""
                SELECT sum(conversions) AS conversions, sum(revenue) AS revenue
                FROM ecommerce.rollup_daily_conversion_paths WHERE day = DATE '2024-03-01'""");
        assertThat(((Number) paths.get("conversions")).longValue()).isEqualTo(day.size());
        assertThat((BigDecimal) paths.get("revenue")).isEqualByComparingTo(revenue);
        // first_click credit per source is the reconciled table's revenue per source
        Map<String, BigDecimal> firstClick = new HashMap<>();
        reconciler.jdbc().query("SELECT traffic_source, credited_revenue FROM ecommerce.rollup_daily_model_source "
                + "WHERE model = 'first_click'", rs -> {
                    firstClick.put(rs.getString(1), rs.getBigDecimal(2));
                });
        Map<String, BigDecimal> bySource = day.values().stream().collect(Collectors.groupingBy(Attribution::trafficSource,
                Collectors.reducing(BigDecimal.ZERO, Attribution::revenue, BigDecimal::add)));
        assertThat(firstClick.keySet()).isEqualTo(bySource.keySet());
        bySource.forEach((source, amount) -> assertThat(firstClick.get(source)).isEqualByComparingTo(amount));
        long distinctClicks = raw.all().stream().filter(e -> e instanceof Click).map(e -> ((Click) e).getEventId())
                .distinct().count();
        assertThat(reconciler.jdbc().queryForObject("SELECT sum(clicks) FROM ecommerce.rollup_daily_clicks", Long.class))
                .isEqualTo(distinctClicks);

        // and a second run over the same range changes nothing
        assertThat(second.succeeded()).isTrue();
        assertThat(reconciler.run(second.runId().orElseThrow()).get("corrections")).isEqualTo(0L);
        assertThat(reconciler.versions()).isEqualTo(versions);
    }
}
