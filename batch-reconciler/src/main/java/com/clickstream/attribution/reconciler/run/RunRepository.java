package com.clickstream.attribution.reconciler.run;

import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.RawSkip;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The run's row in {@code ecommerce.reconciliation_runs} and the ledger counts of a run.
 *
 * <p>One run = one Spring Batch job INSTANCE: a restarted execution of the same instance reuses the
 * run's row (found through the job repository: any row whose {@code job_execution_id} is an execution
 * of this instance), so the ledger's {@code UNIQUE (run_id, checkout_id)} spans restarts.
 */
public final class RunRepository {

    private final JdbcTemplate jdbc;
    private final String batchTablePrefix;
    private final ObjectMapper json = new ObjectMapper();

    /** {@code batchTablePrefix} is the job repository's table prefix, e.g. {@code batch.BATCH_}. */
    public RunRepository(JdbcTemplate jdbc, String batchTablePrefix) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.batchTablePrefix = Objects.requireNonNull(batchTablePrefix, "batchTablePrefix");
    }

    /** The run of this job instance, marked running again for {@code jobExecutionId}, or a new one. */
    public long startOrResume(long jobInstanceId, long jobExecutionId, ReconciliationParameters parameters) {
        List<Long> existing = jdbc.queryForList("SELECT run_id FROM ecommerce.reconciliation_runs WHERE job_execution_id IN ("
                + "SELECT job_execution_id FROM " + batchTablePrefix + "JOB_EXECUTION WHERE job_instance_id = ?) "
                + "ORDER BY run_id LIMIT 1", Long.class, jobInstanceId);
        if (!existing.isEmpty()) {
            long runId = existing.get(0);
            jdbc.update("UPDATE ecommerce.reconciliation_runs SET job_execution_id = ?, status = 'running', "
                    + "finished_at = NULL WHERE run_id = ?", jobExecutionId, runId);
            return runId;
        }
        return jdbc.queryForObject("""
                INSERT INTO ecommerce.reconciliation_runs (job_execution_id, range_from, range_to, window_seconds, summary)
                VALUES (?, ?, ?, ?, ?::jsonb)
                RETURNING run_id
                """, Long.class, jobExecutionId, ts(parameters.from()), ts(parameters.to()),
                Math.toIntExact(parameters.window().length().toSeconds()),
                toJson(Map.of("parameters", parameters.describe())));
    }

    /** Ledger rows of the run by reason. */
    public Map<String, Long> correctionsByReason(long runId) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query("SELECT reason, count(*) FROM ecommerce.attribution_corrections WHERE run_id = ? GROUP BY reason "
                + "ORDER BY reason", rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                }, runId);
        return out;
    }

    /** Records the final counts and status of the run. */
    public void finish(RunSummary summary) {
        jdbc.update("""
                UPDATE ecommerce.reconciliation_runs
                SET status = ?, finished_at = now(), events_read = ?, duplicates = ?, checkouts = ?, corrections = ?,
                    skipped_objects = ?, skips = ?::jsonb, summary = ?::jsonb
                WHERE run_id = ?
                """, summary.status().dbName(), summary.eventsRead(), summary.duplicates(), summary.checkouts(),
                summary.correctionCount(), summary.skips().size(), toJson(skipsJson(summary.skips())),
                toJson(summary.details()), summary.runId());
    }

    /** Marks the run failed (it may be restarted, which marks it running again). */
    public void fail(long runId, String error) {
        jdbc.update("""
                UPDATE ecommerce.reconciliation_runs
                SET status = 'failed', finished_at = now(),
                    summary = coalesce(summary, '{}'::jsonb) || jsonb_build_object('error', ?::text)
                WHERE run_id = ?
                """, error, runId);
    }

    /** The status of a run, if it exists. */
    public Optional<RunStatus> status(long runId) {
        return jdbc.queryForList("SELECT status FROM ecommerce.reconciliation_runs WHERE run_id = ?", String.class, runId)
                .stream().findFirst().map(RunStatus::fromDbName);
    }

    private static List<Map<String, String>> skipsJson(List<RawSkip> skips) {
        return skips.stream().map(s -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("key", s.key());
            m.put("reason", s.reason());
            m.put("detail", s.detail());
            return m;
        }).toList();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object ts(java.time.Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
