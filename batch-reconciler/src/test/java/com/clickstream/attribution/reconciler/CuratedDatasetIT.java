package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.curated.CuratedAttribution;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.RuleVersion;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.db.NamedStatements;
import com.clickstream.attribution.rawstore.curated.CuratedLayout;
import com.clickstream.attribution.reconciler.curated.CuratedStore;
import com.clickstream.attribution.reconciler.curated.RunManifest;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The curated dataset as a product: its rows equal the rule, each run has a manifest, and Athena's view
 * (db/athena/curated.sql, run unchanged on DuckDB over the files the reconciler wrote, as
 * AthenaQueriesTest does for the raw tables) shows exactly one answer per checkout — the newest finished
 * run's — and ignores the files of a run without a manifest. Athena itself cannot run here.
 *
 * <p>Given two runs: run 1 reconciles 2026-11-06 and 2026-11-07; then an earlier click of u1 arrives late
 * and run 2 reconciles 2026-11-07 only; then files of a run 999 that never finished (no manifest) appear.
 */
class CuratedDatasetIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    static Path workDir;

    @TempDir
    static Path downloaded;

    static final String BUCKET = "raw-curated";
    static final Path CURATED_SQL = Path.of("..", "db", "athena", "curated.sql");

    static ReconcilerHarness reconciler;
    static RawBucket raw;
    static Connection duck;
    static long run1;
    static long run2;
    static Map<String, Attribution> expectedAfterRun1;
    static Click lateEarlierClick;

    static Instant at(String dayTime) {
        return Instant.parse("2026-11-" + dayTime + ":00Z");
    }

    @BeforeAll
    static void twoRunsAndAnUnfinishedOne() throws Exception {
        reconciler = ReconcilerHarness.start(POSTGRES, S3, BUCKET, workDir, Map.of());
        raw = RawBucket.emptied(S3.s3Client(), BUCKET);
        Click k1 = click("k1", "u1", at("07T10:00"), "google");
        Click k2 = click("k2", "u2", at("07T11:00"), "email");
        Click k4 = click("k4", "u4", at("06T09:00"), "affiliate");
        Checkout o1 = checkout("o1", "u1", at("07T10:30"), "10.00");
        Checkout o2 = checkout("o2", "u2", at("07T11:20"), "20.00");
        Checkout o3 = checkout("o3", "u3", at("07T12:00"), "30.00"); // no click: unattributed
        Checkout o4 = checkout("o4", "u4", at("06T09:30"), "40.00");
        for (var e : List.of(k1, k2, k4, o1, o2, o3, o4)) {
            raw.arrives(e, e instanceof Click c ? c.getEventTs() : ((Checkout) e).getEventTs());
        }
        raw.flush();
        ReconciliationLauncher.Outcome first = reconciler.reconcile(Map.of("from", "2026-11-06", "to", "2026-11-08"));
        run1 = first.runId().orElseThrow();
        expectedAfterRun1 = ReconcilerHarness.expected(raw.all(), at("06T00:00"), at("08T00:00"), AttributionWindow.DEFAULT);

        lateEarlierClick = click("k0", "u1", at("07T09:45"), "facebook");
        raw.arrives(lateEarlierClick, at("07T15:00")).flush();
        run2 = reconciler.reconcile(Map.of("from", "2026-11-07", "to", "2026-11-08")).runId().orElseThrow();

        // an unfinished run: files, no manifest (credits o2 to a click that does not exist)
        CuratedAttribution bogus = CuratedAttribution.newBuilder(
                reconciler.bean(CuratedStore.class).readParquet(CuratedLayout.attributionsKey(run2, LocalDate.parse("2026-11-07"),
                        bucketOf("u2")), CuratedAttribution.getClassSchema(), CuratedAttribution.class).stream()
                        .filter(r -> r.getCheckoutId().equals("o2")).findFirst().orElseThrow())
                .setRunId(999).setClickId("k-never").setTrafficSource("nowhere").build();
        reconciler.bean(CuratedStore.class).writeParquet(CuratedLayout.attributionsKey(999, LocalDate.parse("2026-11-07"), 0),
                CuratedAttribution.getClassSchema(), List.of(bogus));

        download();
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE SCHEMA clickstream");
            s.execute("CREATE VIEW clickstream.curated_attributions AS SELECT * FROM read_parquet('" + downloaded
                    + "/curated/attributions/*/*.parquet', hive_partitioning = true, hive_types_autocast = false)");
            s.execute("CREATE VIEW clickstream.curated_touch_credits AS SELECT * FROM read_parquet('" + downloaded
                    + "/curated/touch_credits/*/*.parquet', hive_partitioning = true, hive_types_autocast = false)");
            s.execute("CREATE VIEW clickstream.curated_manifests AS SELECT * FROM read_json_auto('" + downloaded
                    + "/curated/manifests/*.json', format = 'newline_delimited')");
            s.execute("CREATE VIEW clickstream.clicks AS SELECT * FROM read_parquet('" + downloaded
                    + "/raw/click/*/*/*.parquet', hive_partitioning = true, hive_types_autocast = false)");
            s.execute(statements().get("reconciled_attributions"));
            // Trino's array_join is DuckDB's array_to_string (the one non-portable function of curated.sql)
            s.execute("CREATE MACRO array_join(a, separator) AS array_to_string(a, separator)");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        if (duck != null) {
            duck.close();
        }
        reconciler.close();
    }

    @Test
    void theCuratedRowsOfARunAreTheRuleOverTheRawHistory() {
        RunManifest manifest = reconciler.bean(CuratedStore.class).manifest(run1).orElseThrow();
        Map<String, Attribution> curated = reconciler.curated(run1);
        assertThat(curated).isEqualTo(expectedAfterRun1);
        assertThat(manifest.rows()).containsEntry("attributions", 4L);
        assertThat(manifest.engine()).isNotBlank();
        assertThat(manifest.ruleVersion()).isEqualTo(String.valueOf(RuleVersion.CURRENT));
        assertThat(manifest.rangeFrom()).isEqualTo("2026-11-06T00:00:00Z");
        assertThat(manifest.window()).isEqualTo("1h");
        assertThat(manifest.skipped()).isEmpty();
        assertThat(manifest.objectsRead()).isEqualTo(manifest.objectsListed()).isPositive();
        assertThat(manifest.applied()).as("the apply stage's results").isNotNull();
        assertThat(manifest.applied().status()).isEqualTo("completed");
    }

    @Test
    void athenasViewShowsExactlyOneAnswerPerCheckoutTheNewestFinishedRuns() throws SQLException {
        List<Map<String, Object>> rows = query("SELECT checkout_id, run_id, click_id, traffic_source "
                + "FROM clickstream.reconciled_attributions ORDER BY checkout_id");

        assertThat(rows).extracting(r -> r.get("checkout_id")).containsExactly("o1", "o2", "o3", "o4");
        Map<String, Object> runOf = new HashMap<>();
        Map<String, Object> clickOf = new HashMap<>();
        rows.forEach(r -> {
            runOf.put((String) r.get("checkout_id"), ((Number) r.get("run_id")).longValue());
            clickOf.put((String) r.get("checkout_id"), r.get("click_id"));
        });
        assertThat(runOf).containsEntry("o1", run2).containsEntry("o2", run2).containsEntry("o3", run2)
                .containsEntry("o4", run1);
        // the newest answers are PostgreSQL's too (run 2 applied the late click), not the unfinished run's
        Map<String, Object> table = new HashMap<>();
        reconciler.table().forEach((id, a) -> table.put(id, a.click().map(c -> c.clickId()).orElse(null)));
        assertThat(clickOf).isEqualTo(table);
        assertThat(clickOf.get("o1")).isEqualTo("k0");
        assertThat(clickOf.get("o2")).isEqualTo("k2");
    }

    @Test
    void theJoinWithRawClicksGivesTheCreditedClicksPage() throws SQLException, IOException {
        List<Map<String, Object>> rows = query(statements().get("reconciled_checkouts_with_raw_click"));

        assertThat(rows).extracting(r -> r.get("checkout_id")).containsExactly("o1", "o2", "o3");
        Map<String, Object> o1 = rows.get(0);
        assertThat(o1.get("page_url")).isEqualTo(lateEarlierClick.getPageUrl());
        assertThat(((Number) o1.get("seconds_to_purchase")).longValue()).isEqualTo(45 * 60);
        assertThat(rows.get(2).get("page_url")).as("unattributed o3 has no click").isNull();
    }

    @Test
    void revenueByModelAddsUpToTheDaysRevenueUnderEveryModel() throws SQLException, IOException {
        Map<String, BigDecimal> byModel = new TreeMap<>();
        for (Map<String, Object> r : query(statements().get("reconciled_revenue_by_model_and_source"))) {
            byModel.merge((String) r.get("model"), (BigDecimal) r.get("credited_revenue"), BigDecimal::add);
        }
        assertThat(byModel).hasSize(AttributionModel.values().length).allSatisfy((model, revenue) ->
                assertThat(revenue).as(model).isEqualByComparingTo("60.00"));
    }

    @Test
    void conversionPathsFromTheTouchesArePostgresRollupsPaths() throws SQLException, IOException {
        List<Map<String, Object>> rows = query(statements().get("reconciled_conversion_paths"));

        // o1: k0 facebook 09:45 (late, run 2), k1 google 10:00; o2: k2 email; o3: no click
        assertThat(rows).extracting(r -> r.get("path") + " " + r.get("conversions") + " " + r.get("revenue"))
                .containsExactly("unattributed 1 30.00", "email 1 20.00", "facebook > google 1 10.00");
        List<String> postgres = reconciler.jdbc().queryForList("""
                SELECT path || ' ' || conversions || ' ' || revenue FROM ecommerce.rollup_daily_conversion_paths
                WHERE day = DATE '2026-11-07' ORDER BY conversions DESC, revenue DESC, path""", String.class);
        assertThat(rows).extracting(r -> r.get("path") + " " + r.get("conversions") + " " + r.get("revenue"))
                .containsExactlyElementsOf(postgres);
    }

    @Test
    void explainCheckoutListsTheUsersClicksInRuleOrderWithEveryModelsCredit() throws SQLException, IOException {
        List<Map<String, Object>> rows = query(statements().get("explain_checkout"));

        // o1 (u1, 10:30, 10.00): k0 facebook 09:45 (arrived late, credited by run 2), k1 google 10:00
        assertThat(rows).extracting(r -> r.get("click_id") + " " + r.get("position") + " " + r.get("touch") + " "
                + r.get("credited")).containsExactly("k0 touch 1 true", "k1 touch 2 false");
        assertThat(rows).extracting(r -> ((BigDecimal) r.get("first_click")).toPlainString() + "/"
                + ((BigDecimal) r.get("last_click")).toPlainString() + "/"
                + ((BigDecimal) r.get("last_non_direct_click")).toPlainString())
                .containsExactly("10.00/0.00/0.00", "0.00/10.00/10.00");
        assertThat(rows).allSatisfy(r -> assertThat(((Number) r.get("checkout_ts")).longValue())
                .isEqualTo(at("07T10:30").toEpochMilli()));
    }

    private static int bucketOf(String user) {
        return com.clickstream.attribution.reconciler.raw.UserBuckets.bucketOf(user,
                com.clickstream.attribution.reconciler.config.ReconciliationParameters.DEFAULT_BUCKETS);
    }

    private static void download() throws IOException {
        for (S3Object object : S3.s3Client().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
            Path file = downloaded.resolve(object.key());
            Files.createDirectories(file.getParent());
            Files.write(file, S3.s3Client().getObjectAsBytes(b -> b.bucket(BUCKET).key(object.key())).asByteArray());
        }
    }

    private static List<Map<String, Object>> query(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The statements of db/athena/curated.sql by name. */
    static Map<String, String> statements() throws IOException {
        return NamedStatements.parse(Files.readString(CURATED_SQL));
    }
}
