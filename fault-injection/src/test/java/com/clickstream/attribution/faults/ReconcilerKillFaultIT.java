package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.faults.ReconcilerDatabase.Step;
import com.clickstream.attribution.local.child.ChildJvm;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reconciler (its Boot jar, a child JVM) SIGKILLed in three different steps of one run: during the
 * recompute stage (before its manifest exists), in the middle of the partitioned apply stage (some chunks
 * committed), and inside the rollup transaction; each time started again with the same parameters
 * ({@code reconciler.stale-after=1s}, so the restart takes over the dead execution at once). The fourth
 * start completes, and the result is that of an uninterrupted run: one run row, the table equal to the
 * rule, every ledger row exactly once, rollups right, and the recompute completed exactly once (the
 * restarts after it went on with the apply stage).
 */
@Tag("fault")
class ReconcilerKillFaultIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    static final String BUCKET = "raw-kill";
    /** Each target step gets this many tries: a kill that comes after the step ended is tried again on the next start. */
    static final int TRIES_PER_STEP = 3;

    /** Where a kill is aimed. */
    enum Target { RECOMPUTE, APPLY, ROLLUPS }

    ReconcilerDatabase db;
    ReconcilerChild reconciler;
    Random random;
    FaultLog log;

    @Test
    void aRunKilledInRecomputeApplyAndRollupsCompletesWhenRestartedWithTheSameParameters() throws Exception {
        log = FaultLog.start("reconciler SIGKILL in three steps");
        ReconcilerFaultSetup setup = ReconcilerFaultSetup.prepare(log, POSTGRES, S3, BUCKET, 400,
                "target/fault-work/reconciler-kill", List.of("--reconciler.stale-after=1s", "--reconciler.workers=2",
                        "--reconciler.chunk-size=20", "--buckets=16"));
        random = setup.random();
        db = setup.db();
        reconciler = setup.reconciler();

        // when: killed once in each of three steps, restarted with the same parameters after each kill
        List<String> killedIn = new ArrayList<>();
        for (Target target : Target.values()) {
            String step = null;
            for (int attempt = 1; attempt <= TRIES_PER_STEP && step == null; attempt++) {
                step = killDuring(target);
            }
            assertThat(step).as("a kill landed in %s within %d starts", target, TRIES_PER_STEP).isNotNull();
            killedIn.add(step);
        }
        reconciler.start();
        int exit = reconciler.await(Duration.ofSeconds(240));

        // then: the last start completed the same run
        assertThat(exit).as("exit code of the last start; its log:\n%s", reconciler.logOfThisRun()).isZero();
        assertThat(reconciler.logOfThisRun()).contains("restarting run of job instance");
        Map<String, Long> executions = db.jobExecutions();
        assertThat(executions).containsEntry("COMPLETED", 1L);
        assertThat(executions.get("FAILED")).isEqualTo((long) reconciler.starts() - 1);
        log.verified("start %d exited 0 after %d SIGKILLs in %s: one job instance, %d executions %s",
                reconciler.starts(), killedIn.size(), killedIn, reconciler.starts(), executions);
        long recomputes = db.steps().stream()
                .filter(s -> "recomputeStep".equals(s.name()) && "COMPLETED".equals(s.status())).count();
        assertThat(recomputes).as("completed recomputes: the restarts after it applied its curated rows").isEqualTo(1);
        log.verified("the recompute completed once; the starts killed in apply and rollups did not recompute");
        setup.verifyOutcome(log);
        log.done();
    }

    /**
     * Starts the reconciler (a restart after the first time), waits until it is in {@code target},
     * waits a seeded random moment, SIGKILLs it, and returns the step it died in (from Spring Batch's
     * tables, which a killed process leaves as STARTED), or null when the step had already ended.
     */
    private String killDuring(Target target) throws Exception {
        ChildJvm child = reconciler.start();
        long jobExecutionsBefore = db.jobExecutions().values().stream().mapToLong(Long::longValue).sum();
        Callable<Boolean> ownExecutionStarted = () -> db.jobExecutions().values().stream().mapToLong(Long::longValue)
                .sum() > jobExecutionsBefore;
        String killedIn;
        switch (target) {
            case RECOMPUTE -> {
                reconciler.awaitWhileRunning("the recompute step to start", Duration.ofSeconds(180),
                        () -> db.steps().stream().anyMatch(s -> "recomputeStep".equals(s.name()) && "STARTED".equals(s.status())));
                long delay = random.nextInt(400);
                Thread.sleep(delay);
                killedIn = kill(child, "the recompute, " + delay + " ms after it started");
            }
            case APPLY -> {
                reconciler.awaitWhileRunning("this start's job execution", Duration.ofSeconds(180), ownExecutionStarted);
                long committedBefore = db.partitionCommits();
                long chunks = 5 + random.nextInt(30); // of ~160: the kill lands mid-apply
                reconciler.awaitWhileRunning(chunks + " more chunks of the apply stage to commit", Duration.ofSeconds(180),
                        () -> db.partitionCommits() >= committedBefore + chunks);
                killedIn = kill(child, "the apply stage after " + chunks + " more chunks committed");
            }
            case ROLLUPS -> {
                // hold the rollup function's advisory lock: the rollup transaction (raw-derived rollups
                // already replaced, uncommitted) waits inside the step until the kill
                try (Connection lock = POSTGRES.dataSource().getConnection()) {
                    execute(lock, "SELECT pg_advisory_lock(hashtext('ecommerce.refresh_checkout_rollups'))");
                    reconciler.awaitWhileRunning("the rollup step to wait on the rollup lock", Duration.ofSeconds(240),
                            () -> waitingOnAdvisoryLock() > 0);
                    long delay = random.nextInt(400);
                    Thread.sleep(delay);
                    killedIn = kill(child, "the rollup transaction, " + delay + " ms after it blocked on the rollup lock");
                    execute(lock, "SELECT pg_advisory_unlock(hashtext('ecommerce.refresh_checkout_rollups'))");
                }
            }
            default -> throw new IllegalStateException(target.name());
        }
        db.awaitNoBusySessions();
        boolean hit = switch (target) {
            case RECOMPUTE -> "recomputeStep".equals(killedIn);
            case APPLY -> killedIn != null && killedIn.startsWith("apply");
            case ROLLUPS -> "refreshRollupsStep".equals(killedIn);
        };
        if (!hit) {
            log.note("the kill aimed at %s landed in %s; trying again on the next start", target, killedIn);
        }
        return hit ? killedIn : null;
    }

    private String kill(ChildJvm child, String when) throws Exception {
        if (!child.isAlive()) {
            throw new AssertionError("the reconciler exited (" + child.await() + ") before the kill; log:\n"
                    + reconciler.logOfThisRun());
        }
        long pid = child.pid();
        child.kill();
        List<Step> steps = db.steps();
        long latest = steps.stream().mapToLong(Step::jobExecutionId).max().orElse(-1);
        List<Step> running = steps.stream().filter(s -> s.jobExecutionId() == latest && "STARTED".equals(s.status()))
                .toList();
        long partitionsDone = steps.stream()
                .filter(s -> s.name().startsWith("applyBucketStep:") && "COMPLETED".equals(s.status()))
                .map(Step::name).distinct().count();
        String step = running.isEmpty() ? null
                : running.stream().map(Step::name).filter(n -> !n.startsWith("applyBucketStep:")).findFirst()
                        .orElse(running.get(0).name());
        log.injected("SIGKILL reconciler pid %d (start %d) in %s: step %s running, %d of 16 partitions completed so far, "
                        + "%,d apply chunks committed, %,d ledger rows", pid, reconciler.starts(), when, step,
                partitionsDone, db.partitionCommits(), db.ledger().size());
        return step;
    }

    /** Sessions waiting for an advisory lock (the rollup step, blocked by the test's lock). */
    private long waitingOnAdvisoryLock() throws SQLException {
        try (Connection c = POSTGRES.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND pid <> pg_backend_pid()");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
        }
    }
}
