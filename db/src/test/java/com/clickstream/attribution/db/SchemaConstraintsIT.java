package com.clickstream.attribution.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** The rules the schema enforces by itself, whatever a writer does. */
class SchemaConstraintsIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    private static final OffsetDateTime CHECKOUT_TS = OffsetDateTime.of(2026, 11, 20, 12, 0, 0, 0, ZoneOffset.UTC);

    private static final String INSERT_CHECKOUT =
            "INSERT INTO ecommerce.attributed_checkouts (checkout_id, user_id, checkout_ts, revenue, currency, attributed, "
                    + "attributed_click_id, click_ts, traffic_source, device_type, first_product_id, first_product_category, written_by) "
                    + "VALUES (?, 'u1', ?, 10.00, 'USD', ?, ?, ?, ?, ?, ?, ?, 'stream')";

    @BeforeEach
    void emptyTables() {
        POSTGRES.truncateAll(DatabaseMigrator.SCHEMA);
    }

    @Test
    void anAttributedCheckoutGetsItsTimeToPurchaseFromTheDatabase() throws SQLException {
        insertAttributed("c1", CHECKOUT_TS.minusMinutes(12).minusSeconds(30));

        assertThat(SqlRows.query(POSTGRES.dataSource(),
                "SELECT time_to_purchase_seconds AS s, version AS v FROM ecommerce.attributed_checkouts WHERE checkout_id = 'c1'"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.decimal("s")).isEqualByComparingTo("750");
                    assertThat(r.number("v")).isEqualTo(1);
                });
    }

    @Test
    void anUnattributedCheckoutMayNotCarryAClick() {
        SQLException error = insertFails(INSERT_CHECKOUT,
                "c1", CHECKOUT_TS, false, "k1", null, "unattributed", null, null, null);

        assertViolates(error, PSQLState.CHECK_VIOLATION, "attributed_checkouts_unattributed_has_no_click");
    }

    @Test
    void anUnattributedCheckoutMustBeFiledUnderUnattributed() {
        SQLException error = insertFails(INSERT_CHECKOUT,
                "c1", CHECKOUT_TS, false, null, null, "google", null, null, null);

        assertViolates(error, PSQLState.CHECK_VIOLATION, "attributed_checkouts_unattributed_has_no_click");
    }

    @Test
    void anAttributedCheckoutNeedsItsClick() {
        SQLException error = insertFails(INSERT_CHECKOUT,
                "c1", CHECKOUT_TS, true, null, null, "google", "mobile", "p1", "footwear");

        assertViolates(error, PSQLState.CHECK_VIOLATION, "attributed_checkouts_attributed_has_click");
    }

    @Test
    void theFirstClickCannotComeAfterTheCheckout() {
        SQLException error = insertFails(INSERT_CHECKOUT,
                "c1", CHECKOUT_TS, true, "k1", CHECKOUT_TS.plusSeconds(1), "google", "mobile", "p1", "footwear");

        assertViolates(error, PSQLState.CHECK_VIOLATION, "attributed_checkouts_click_not_after_checkout");
    }

    @Test
    void onlyTheTwoEnginesWriteCheckouts() {
        SQLException error = insertFails(
                "INSERT INTO ecommerce.attributed_checkouts (checkout_id, user_id, checkout_ts, revenue, currency, attributed, written_by) "
                        + "VALUES ('c1', 'u1', ?, 1.00, 'USD', false, 'analyst')", CHECKOUT_TS);

        assertViolates(error, PSQLState.CHECK_VIOLATION, "attributed_checkouts_written_by_check");
    }

    @Test
    void theLedgerHoldsOneRowPerRunAndCheckout() throws SQLException {
        long runId = startRun();
        String correction = "INSERT INTO ecommerce.attribution_corrections (run_id, checkout_id, old_attributed, old_click_id, "
                + "old_traffic_source, old_revenue, new_attributed, new_click_id, new_traffic_source, new_revenue, reason) "
                + "VALUES (?, 'c1', false, null, 'unattributed', 10.00, true, 'k1', 'google', 10.00, 'late_click')";
        assertThat(SqlRows.update(POSTGRES.dataSource(), correction, runId)).isEqualTo(1);

        SQLException error = insertFails(correction, runId);
        assertViolates(error, PSQLState.UNIQUE_VIOLATION, "attribution_corrections_one_per_run_and_checkout");
        // What a restarted run does instead: nothing.
        assertThat(SqlRows.update(POSTGRES.dataSource(), correction + " ON CONFLICT (run_id, checkout_id) DO NOTHING", runId)).isZero();
        // The next run may correct the same checkout again.
        assertThat(SqlRows.update(POSTGRES.dataSource(), correction, startRun())).isEqualTo(1);
    }

    @Test
    void aCorrectionNeedsAKnownReasonAndAnExistingRun() throws SQLException {
        long runId = startRun();
        String correction = "INSERT INTO ecommerce.attribution_corrections (run_id, checkout_id, new_attributed, "
                + "new_traffic_source, new_revenue, reason) VALUES (?, 'c1', false, 'unattributed', 5.00, ?)";

        assertViolates(insertFails(correction, runId, "gut_feeling"), PSQLState.CHECK_VIOLATION, "attribution_corrections_reason_check");
        assertViolates(insertFails(correction, runId + 1000, "missed_by_stream"), PSQLState.FOREIGN_KEY_VIOLATION,
                "attribution_corrections_run_id_fkey");
        assertThat(SqlRows.update(POSTGRES.dataSource(), correction, runId, "missed_by_stream")).isEqualTo(1);
    }

    @Test
    void aFinishedRunHasAFinishTime() throws SQLException {
        long runId = startRun();

        SQLException error = insertFails("UPDATE ecommerce.reconciliation_runs SET status = 'completed' WHERE run_id = ?", runId);
        assertViolates(error, PSQLState.CHECK_VIOLATION, "reconciliation_runs_finished_iff_not_running");
        assertThat(SqlRows.update(POSTGRES.dataSource(),
                "UPDATE ecommerce.reconciliation_runs SET status = 'completed_with_skips', finished_at = now(), skipped_objects = 1, "
                        + "skips = '[{\"key\": \"raw/click/dt=2026-11-20/hour=12/a.parquet\", \"reason\": \"corrupt footer\"}]' "
                        + "WHERE run_id = ?", runId)).isEqualTo(1);
    }

    @Test
    void aReplayedMicroBatchIsRecognised() throws SQLException {
        String record = "INSERT INTO ecommerce.stream_progress (query_name, batch_id) VALUES ('checkouts/q1', ?) ON CONFLICT DO NOTHING";

        assertThat(SqlRows.update(POSTGRES.dataSource(), record, 7L)).isEqualTo(1);
        assertThat(SqlRows.update(POSTGRES.dataSource(), record, 7L)).isZero();
    }

    @Test
    void streamMetricsAreKeptPerWholeMinute() {
        SQLException error = insertFails(
                "INSERT INTO ecommerce.stream_metrics (minute, query_name) VALUES (?, 'clicks')", CHECKOUT_TS.plusSeconds(5));

        assertViolates(error, PSQLState.CHECK_VIOLATION, "stream_metrics_minute_is_whole");
    }

    @Test
    void aKinesisRecordIsDeadLetteredOnceAndCounted() throws SQLException {
        String deadLetter = "INSERT INTO ecommerce.dead_letters (source, event_type, reason_code, detail, payload, stream_name, "
                + "partition_key, sequence_number) VALUES ('stream', 'checkout', 'NEGATIVE_AMOUNT', 'total_amount < 0', ?, "
                + "'checkouts', 'u1', ?) "
                + "ON CONFLICT (source, stream_name, partition_key, sequence_number) WHERE sequence_number IS NOT NULL DO NOTHING";
        String payload = "{\"event_type\":\"checkout\",\"total_amount\":-1}";

        assertThat(SqlRows.update(POSTGRES.dataSource(), deadLetter, payload, "4960001")).isEqualTo(1);
        assertThat(SqlRows.update(POSTGRES.dataSource(), deadLetter, payload, "4960001")).isZero();
        assertThat(SqlRows.update(POSTGRES.dataSource(), deadLetter, payload, "4960002")).isEqualTo(1);

        assertThat(SqlRows.query(POSTGRES.dataSource(),
                "SELECT records FROM ecommerce.dead_letter_counts WHERE source = 'stream' AND reason_code = 'NEGATIVE_AMOUNT'"))
                .singleElement().satisfies(r -> assertThat(r.number("records")).isEqualTo(2));
        assertThat(SqlRows.query(POSTGRES.dataSource(), "SELECT payload FROM ecommerce.dead_letters ORDER BY id LIMIT 1"))
                .singleElement().satisfies(r -> assertThat(r.text("payload")).isEqualTo(payload));
    }

    @Test
    void theMultiTouchRollupOnlyKnowsTheSixModels() throws SQLException {
        SQLException error = insertFails("INSERT INTO ecommerce.rollup_daily_model_source "
                + "(day, model, traffic_source, credited_revenue, credited_checkouts) VALUES (current_date, 'data_driven', 'google', 1, 1)");

        assertViolates(error, PSQLState.CHECK_VIOLATION, "rollup_daily_model_source_model_check");
        // the sixth (V9) is accepted
        assertThat(SqlRows.update(POSTGRES.dataSource(), "INSERT INTO ecommerce.rollup_daily_model_source "
                + "(day, model, traffic_source, credited_revenue, credited_checkouts) "
                + "VALUES (DATE '2000-01-01', 'last_non_direct_click', 'google', 1, 1)")).isEqualTo(1);
        SqlRows.update(POSTGRES.dataSource(), "DELETE FROM ecommerce.rollup_daily_model_source WHERE day = DATE '2000-01-01'");
    }

    @Test
    void aConversionPathCountsAtLeastOneCheckout() {
        SQLException error = insertFails("INSERT INTO ecommerce.rollup_daily_conversion_paths (day, path, conversions, revenue) "
                + "VALUES (current_date, 'google > email', 0, 0)");

        assertViolates(error, PSQLState.CHECK_VIOLATION, "rollup_daily_conversion_paths_conversions_check");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static void insertAttributed(String checkoutId, OffsetDateTime clickTs) throws SQLException {
        SqlRows.update(POSTGRES.dataSource(), INSERT_CHECKOUT,
                checkoutId, CHECKOUT_TS, true, "k-" + checkoutId, clickTs, "google", "mobile", "p1", "footwear");
    }

    private static long startRun() throws SQLException {
        return SqlRows.query(POSTGRES.dataSource(),
                "INSERT INTO ecommerce.reconciliation_runs (range_from, range_to, window_seconds) VALUES (?, ?, 3600) RETURNING run_id",
                CHECKOUT_TS.minusDays(1), CHECKOUT_TS).get(0).number("run_id");
    }

    private static SQLException insertFails(String sql, Object... parameters) {
        return catchThrowableOfType(SQLException.class, () -> SqlRows.update(POSTGRES.dataSource(), sql, parameters));
    }

    private static void assertViolates(SQLException error, PSQLState state, String constraint) {
        assertThat((Throwable) error).as("expected a violation of " + constraint).isNotNull();
        assertThat(error.getSQLState()).as(error.getMessage()).isEqualTo(state.getState());
        assertThat(((PSQLException) error).getServerErrorMessage().getConstraint()).isEqualTo(constraint);
    }
}
