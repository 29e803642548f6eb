package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * s3proxy (objects on disk) stopped while the reconciler (its Boot jar, a child JVM) is staging the raw
 * objects, and started again on the same port once the reconciler has retried {@value #RETRIES_WHILE_DOWN}
 * S3 calls. The reconciler's S3 client retries
 * with backoff (reconciler.s3.max-attempts), so the run completes by itself, skipping nothing, with the
 * same table, ledger and rollups as an undisturbed run.
 */
@Tag("fault")
class ReconcilerS3OutageFaultIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inDirectory(ScratchDirs.emptied("target/fault-s3/reconciler-outage"));

    static final String BUCKET = "raw-outage";
    /** The outage lasts until the reconciler has retried this many S3 calls. */
    static final int RETRIES_WHILE_DOWN = 3;

    @Test
    void theReconcilerRetriesThroughAnS3OutageDuringStagingAndCompletes() throws Exception {
        FaultLog log = FaultLog.start("reconciler, S3 stopped during staging");
        // given: a day of raw history in many small objects, and the stream's table with known errors
        ReconcilerFaultSetup setup = ReconcilerFaultSetup.prepare(log, POSTGRES, S3, BUCKET, 50,
                "target/fault-work/reconciler-outage", List.of("--reconciler.workers=2", "--buckets=8"));
        ReconcilerChild reconciler = setup.reconciler();
        int objects = setup.objects();

        // when: S3 stops once staging has listed the objects and started reading them
        reconciler.start();
        reconciler.awaitWhileRunning("staging to list the raw objects", Duration.ofSeconds(120),
                () -> reconciler.logOfThisRun().contains("raw objects in arrival partitions"));
        S3.stopServer();
        long stopped = System.nanoTime();
        boolean stagingDoneBeforeStop = reconciler.logOfThisRun().contains("staging done");
        log.injected("s3proxy %s stopped during staging (%,d objects listed; staging finished before the stop: %s)",
                S3.endpoint(), objects, stagingDoneBeforeStop);
        reconciler.awaitWhileRunning(RETRIES_WHILE_DOWN + " S3 calls to be retried while s3proxy is down",
                Duration.ofSeconds(120), () -> reconciler.count("S3 \\w+ failed, retrying") >= RETRIES_WHILE_DOWN);
        int retriesWhileDown = reconciler.count("S3 \\w+ failed, retrying");
        S3.restartServer();
        log.injected("s3proxy restarted on the same port after %.1f s; the reconciler retried %,d S3 calls meanwhile",
                (System.nanoTime() - stopped) / 1e9, retriesWhileDown);
        int exit = reconciler.await(Duration.ofSeconds(240));

        // then: the same run completed by itself, no object skipped
        assertThat(stagingDoneBeforeStop).as("the outage began after staging had finished").isFalse();
        assertThat(exit).as("exit code; log:\n%s", reconciler.logOfThisRun()).isZero();
        assertThat(retriesWhileDown).as("S3 calls retried while s3proxy was down").isPositive();
        assertThat(reconciler.count("failed after \\d+ attempts")).as("S3 calls that gave up").isZero();
        assertThat(reconciler.logOfThisRun()).contains("staging done: " + objects + " objects read, 0 skipped");
        log.verified("the reconciler exited 0 in its first run: %,d S3 calls retried in all, 0 gave up, staging read all "
                + "%,d objects, 0 skipped", reconciler.count("S3 \\w+ failed, retrying"), objects);
        setup.verifyOutcome(log);
        log.done();
    }
}
