package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.local.child.ChildJvm;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL hangs under the reconciler (its Boot jar, a child JVM): every server process frozen with
 * SIGSTOP in the middle of the partitioned apply stage, connections left open, and kept frozen until the
 * reconciler gives up. Without a socket timeout the reconciler would wait for ever; with pgjdbc's
 * {@code socketTimeout} (900 s by default, 5 s here) the run fails and the process exits 1 while the
 * database is still frozen. After SIGCONT the same command restarts the run, which completes with the
 * result of an undisturbed run: the table equal to the rule, every ledger row exactly once, rollups right.
 */
@Tag("fault")
class ReconcilerHangFaultIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    static final String BUCKET = "raw-hang";
    /** How long the frozen database waits for the reconciler to give up before the test calls it hung. */
    static final Duration GIVE_UP_WITHIN = Duration.ofSeconds(120);

    @Test
    void aReconcilerOnAHungDatabaseFailsInsteadOfWaitingAndTheRestartCompletesTheRun() throws Exception {
        FaultLog log = FaultLog.start("PostgreSQL hangs during reconciliation");
        // given: a day of raw history and the stream's table with known errors
        ReconcilerFaultSetup setup = ReconcilerFaultSetup.prepare(log, POSTGRES, S3, BUCKET, 400,
                "target/fault-work/reconciler-hang", List.of("--reconciler.stale-after=1s", "--reconciler.workers=2",
                        "--reconciler.chunk-size=20", "--buckets=16",
                        "--spring.datasource.hikari.data-source-properties.socketTimeout=5",
                        "--spring.datasource.hikari.connection-timeout=2000"));
        ReconcilerDatabase db = setup.db();
        ReconcilerChild reconciler = setup.reconciler();

        // when: the database freezes mid-apply and stays frozen until the reconciler exits
        ChildJvm child = reconciler.start();
        long chunks = 5 + setup.random().nextInt(30); // of ~160
        reconciler.awaitWhileRunning(chunks + " chunks of the apply stage to commit", Duration.ofSeconds(180),
                () -> db.partitionCommits() >= chunks);
        long committed = db.partitionCommits();
        boolean gaveUp;
        double frozenSeconds;
        try (PostgresFreeze freeze = PostgresFreeze.freeze(POSTGRES)) {
            log.injected("SIGSTOP to all %d PostgreSQL processes under reconciler pid %d, %d apply chunks committed; "
                    + "kept frozen until the reconciler exits (at most %d s)", freeze.processes(), child.pid(), committed,
                    GIVE_UP_WITHIN.toSeconds());
            while (child.isAlive() && freeze.seconds() < GIVE_UP_WITHIN.toSeconds()) {
                Thread.sleep(100);
            }
            frozenSeconds = freeze.seconds();
            gaveUp = !child.isAlive();
            if (!gaveUp) {
                child.kill();
            }
        }
        assertThat(gaveUp).as("the reconciler gave up on the hung database within %d s; its log:\n%s",
                GIVE_UP_WITHIN.toSeconds(), reconciler.logOfThisRun()).isTrue();
        int failedExit = child.await();
        String failedLog = reconciler.logOfThisRun();
        assertThat(failedExit).as("exit code of the run on the hung database").isEqualTo(1);
        String errorLine = errorLine(failedLog);
        assertThat(errorLine).as("the one-line error of the failed run").contains("database (spring.datasource.url)")
                .contains("timed out").endsWith("run the same command again to restart it");
        log.verified("the reconciler exited %d %.1f s into the freeze, the database still frozen (SIGCONT after), "
                + "%d timed-out reads logged; its error line: %s", failedExit, frozenSeconds,
                reconciler.count("SocketTimeoutException: Read timed out"), errorLine);

        db.awaitNoBusySessions();
        reconciler.start();
        int exit = reconciler.await(Duration.ofSeconds(240));

        // then: the restart completed the same run
        assertThat(exit).as("exit code of the restart; its log:\n%s", reconciler.logOfThisRun()).isZero();
        assertThat(reconciler.logOfThisRun()).contains("restarting run of job instance");
        Map<String, Long> executions = db.jobExecutions();
        assertThat(executions).containsEntry("COMPLETED", 1L).containsEntry("FAILED", 1L);
        log.verified("the restart with the same command exited 0: one job instance, executions %s", executions);
        setup.verifyOutcome(log);
        log.done();
    }

    /** The reconciler's one-line error on stderr (the child's log holds stdout and stderr). */
    private static String errorLine(String log) {
        return log.lines().filter(l -> l.startsWith("batch-reconciler: ")).reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no 'batch-reconciler: ' error line in the log:\n" + log));
    }
}
