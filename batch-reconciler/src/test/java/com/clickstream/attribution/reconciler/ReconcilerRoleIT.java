package com.clickstream.attribution.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.reconciler.config.BatchSchema;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.support.Events;
import com.clickstream.attribution.reconciler.support.GeneratedHistory;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.report.ReportLayout;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness.LedgerRow;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A full reconciliation as a login user of the least-privilege role {@code clickstream_reconciler}
 * (migration V7), created the way operations create it. The database is migrated by its owner, as a
 * deployment does; the reconciler then starts as the role user (Flyway finds nothing to apply, Spring Batch's
 * tables are created in schema {@code batch} by the role user itself), runs the job over generated traffic
 * and must produce what attribution-core says, with its ledger, run row, Spring Batch metadata and every
 * rollup written — and still be unable to drop or empty the pipeline's tables.
 */
class ReconcilerRoleIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    static Path workDir;

    static final String ROLE = "clickstream_reconciler";
    static final String USER = "reconciler_app";
    static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant END = START.plus(Duration.ofHours(2));
    static final AttributionWindow W = AttributionWindow.DEFAULT;

    @Test
    void aFullRunAsTheReconcilerRoleCompletesWithMetadataLedgerAndRollups() throws Exception {
        JdbcTemplate owner = new JdbcTemplate(POSTGRES.dataSource());
        String password = UUID.randomUUID().toString();
        // DDL takes no bind parameters: the server quotes name and password (format %I / %L).
        owner.execute(owner.queryForObject("SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', ?::text, ?::text)",
                String.class, USER, password));
        owner.execute(owner.queryForObject("SELECT format('GRANT %I TO %I', ?::text, ?::text)", String.class, ROLE, USER));
        assertThat(owner.queryForObject("SELECT to_regclass('batch.batch_job_instance') IS NULL", Boolean.class))
                .as("Spring Batch's tables do not exist before the reconciler's first start").isTrue();

        // given: 2 hours of generated traffic (late, duplicate, out-of-order records) in the raw bucket, and the
        // table the stream would have left, written by the owner (the stream's role is not under test here)
        RawBucket raw = RawBucket.emptied(S3.s3Client(), "raw-role");
        GeneratorConfig config = new GeneratorConfig(11L, 300, START, Duration.ofHours(2), 0, 2.5,
                0.01, 0.02, Duration.ofMinutes(10), Duration.ofHours(1), 0.05, Duration.ofSeconds(30),
                0.0, 0.03, 0.2);
        GeneratedHistory history = GeneratedHistory.land(config, raw, W, Duration.ofMinutes(5));
        history.streamRows().forEach(row -> ReconcilerHarness.seedStreamRow(owner, row));
        Map<String, Attribution> stream = history.streamRows().stream()
                .collect(Collectors.toMap(Attribution::checkoutId, a -> a));

        try (ReconcilerHarness reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-role", workDir,
                Map.of("spring.datasource.username", USER, "spring.datasource.password", password,
                        "reconciler.chunk-size", "100"))) {
            JdbcTemplate jdbc = reconciler.jdbc();
            assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(USER);

            // when
            Map<String, String> range = Map.of("from", START.toString(), "to", END.toString(), "buckets", "4");
            ReconciliationLauncher.Outcome first = reconciler.reconcile(range);
            Map<String, Integer> versions = reconciler.versions();
            ReconciliationLauncher.Outcome second = reconciler.reconcile(range);

            // then: the run completed and the table is the core rule over the whole raw history
            assertThat(first.succeeded()).as("first run as %s", USER).isTrue();
            Map<String, Attribution> expected = ReconcilerHarness.expected(raw.all(), START, END, W);
            assertThat(expected).hasSizeGreaterThan(50);
            Map<String, Attribution> table = reconciler.table();
            expected.forEach((id, answer) -> assertThat(table.get(id)).as(id).isEqualTo(answer));

            // the ledger holds one row per checkout that differed from the stream's answer
            Set<String> changed = new HashSet<>();
            expected.forEach((id, answer) -> {
                if (!answer.equals(stream.get(id))) {
                    changed.add(id);
                }
            });
            assertThat(changed).isNotEmpty();
            List<LedgerRow> ledger = reconciler.ledger();
            assertThat(ledger).extracting(LedgerRow::checkoutId).containsExactlyInAnyOrderElementsOf(changed);
            Map<String, Object> run = reconciler.run(first.runId().orElseThrow());
            assertThat(run.get("status")).isEqualTo("completed");
            assertThat(run.get("corrections")).isEqualTo((long) changed.size());
            assertThat(run.get("events_read")).isEqualTo(history.landed());

            // Spring Batch's metadata: created by the role user in schema batch, the execution recorded there
            assertThat(owner.queryForList("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'batch'",
                    String.class)).containsExactly(USER);
            assertThat(jdbc.queryForList("SELECT status FROM batch.batch_job_execution ORDER BY job_execution_id",
                    String.class)).containsExactly("COMPLETED", "COMPLETED");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM batch.batch_step_execution WHERE status = 'COMPLETED' "
                    + "AND step_name = 'refreshRollupsStep'", Long.class)).isEqualTo(2L);

            // rollups: refresh_checkout_rollups() ran as the role (hourly revenue = the table's), and the
            // reconciler's own rollups add up (first_click credit = the table's revenue of the day)
            BigDecimal dayRevenue = jdbc.queryForObject("SELECT sum(revenue) FROM ecommerce.attributed_checkouts "
                    + "WHERE checkout_ts >= ? AND checkout_ts < ?", BigDecimal.class, ts(START), ts(START.plus(Duration.ofDays(1))));
            assertThat(jdbc.queryForObject("SELECT sum(revenue) FROM ecommerce.rollup_hourly_source_device "
                    + "WHERE hour >= ? AND hour < ?", BigDecimal.class, ts(START), ts(START.plus(Duration.ofDays(1)))))
                    .isEqualByComparingTo(dayRevenue);
            BigDecimal expectedDay = ReconcilerHarness.expected(raw.all(), START, START.plus(Duration.ofDays(1)), W)
                    .values().stream().map(Attribution::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(jdbc.queryForObject("SELECT sum(credited_revenue) FROM ecommerce.rollup_daily_model_source "
                    + "WHERE model = 'first_click' AND day = DATE '2024-03-01'", BigDecimal.class))
                    .isEqualByComparingTo(expectedDay);
            assertThat(jdbc.queryForObject("SELECT sum(clicks) FROM ecommerce.rollup_daily_clicks", Long.class)).isPositive();
            // the run report's rollups (V10) as the role, and the report itself, read as the role after the run
            assertThat(jdbc.queryForObject("SELECT sum(revenue) FROM ecommerce.rollup_daily_touches WHERE day = DATE '2024-03-01'",
                    BigDecimal.class)).isEqualByComparingTo(expectedDay);
            assertThat(jdbc.queryForObject("SELECT sum(checkouts) FROM ecommerce.rollup_daily_time_to_purchase", Long.class))
                    .isEqualTo(jdbc.queryForObject("SELECT count(*) FROM ecommerce.attributed_checkouts WHERE attributed", Long.class));
            assertThat(S3.s3Client().getObjectAsBytes(b -> b.bucket("raw-role").key(ReportLayout.runKey(first.runId().orElseThrow())))
                    .asUtf8String()).contains("data-chart=\"models\"").contains("<rect class=\"mark\"");

            // a second run changes nothing
            assertThat(second.succeeded()).isTrue();
            assertThat(reconciler.run(second.runId().orElseThrow()).get("corrections")).isEqualTo(0L);
            assertThat(reconciler.versions()).isEqualTo(versions);

            // and the same user still cannot drop, empty or delete the pipeline's tables
            for (String statement : List.of("DROP TABLE ecommerce.attributed_checkouts",
                    "TRUNCATE ecommerce.attribution_corrections", "DELETE FROM ecommerce.attributed_checkouts",
                    "ALTER TABLE ecommerce.reconciliation_runs DROP COLUMN summary")) {
                assertThatThrownBy(() -> jdbc.execute(statement)).as(statement)
                        .rootCause().isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
            System.out.printf("ReconcilerRoleIT: as %s (role %s): %d raw events, %d checkouts reconciled, %d corrections, "
                    + "%d Spring Batch tables created by the role user; second run 0 corrections; DROP/TRUNCATE/DELETE/ALTER "
                    + "refused%n", USER, ROLE, history.landed(), expected.size(), changed.size(),
                    owner.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = 'batch'", Long.class));
        }
    }

    /**
     * The recommended deployment order (docs/deployment.md): the owner migrates AND creates Spring Batch's tables
     * (the reconciler started once as the owner in mode none does both); any member of the role (another login
     * user, e.g. a rotation clone) then works on them through V7's default privileges in schema batch.
     */
    @Test
    void whenTheOwnerCreatedSpringBatchsTablesAnyMemberOfTheRoleRunsOnThem() throws Exception {
        JdbcTemplate owner = new JdbcTemplate(POSTGRES.dataSource());
        owner.execute("CREATE DATABASE owner_made_batch");
        String url = POSTGRES.jdbcUrl().replace("/postgres", "/owner_made_batch");
        PGSimpleDataSource ownerThere = new PGSimpleDataSource();
        ownerThere.setUrl(url);
        ownerThere.setUser(POSTGRES.user());
        DatabaseMigrator.migrate(ownerThere);
        BatchSchema.ensure(ownerThere, "batch");
        String user = "reconciler_app_clone";
        String password = UUID.randomUUID().toString();
        owner.execute(owner.queryForObject("SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', ?::text, ?::text)",
                String.class, user, password));
        owner.execute(owner.queryForObject("SELECT format('GRANT %I TO %I', ?::text, ?::text)", String.class, ROLE, user));

        Instant noon = Instant.parse("2024-03-01T12:00:00Z");
        RawBucket raw = RawBucket.emptied(S3.s3Client(), "raw-role-owner")
                .arrives(Events.click("k1", "u1", noon.minusSeconds(600),
                        "google"), noon.minusSeconds(600))
                .arrives(Events.checkout("o1", "u1", noon, "10.00"), noon)
                .flush();
        try (ReconcilerHarness reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-role-owner",
                workDir.resolve("owner-made"), Map.of("spring.datasource.url", url, "spring.datasource.username", user,
                        "spring.datasource.password", password))) {
            ReconciliationLauncher.Outcome outcome = reconciler.reconcile(Map.of("from", "2024-03-01", "to", "2024-03-02",
                    "buckets", "2"));

            assertThat(outcome.succeeded()).isTrue();
            assertThat(reconciler.table()).isEqualTo(ReconcilerHarness.expected(raw.all(),
                    Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-02T00:00:00Z"), W));
            assertThat(reconciler.jdbc().queryForObject("SELECT count(*) FROM batch.batch_job_execution "
                    + "WHERE status = 'COMPLETED'", Long.class)).isEqualTo(1L);
            assertThat(new JdbcTemplate(ownerThere).queryForList(
                    "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'batch'", String.class))
                    .containsExactly(POSTGRES.user());
            System.out.printf("ReconcilerRoleIT: Spring Batch tables made by the owner; %s (another member of %s) ran on "
                    + "them through V7's default privileges%n", user, ROLE);
        }
    }


    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
