package com.clickstream.attribution.faults;

import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.local.stack.Endpoints;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What every reconciler fault test starts from: a printed seed, one day of raw history landed in S3,
 * the stream's table seeded with known errors (so the run has corrections to make), and the reconciler's
 * child JVM over that day, with {@link #verifyOutcome} checking the end state against an undisturbed run.
 */
record ReconcilerFaultSetup(Random random, ReconcilerHistory history, int objects, Map<String, Attribution> answers,
        ReconcilerSeed stream, ReconcilerDatabase db, ReconcilerChild reconciler) {

    static final Instant DAY = Instant.parse("2024-03-01T00:00:00Z");
    static final AttributionWindow W = AttributionWindow.DEFAULT;
    static final Duration LATENESS = Duration.ofMinutes(5);

    /**
     * Lands 16 hours of generated traffic in {@code bucket} (objects of at most {@code recordsPerObject}
     * records), seeds the table, and prepares (does not start) the reconciler with {@code reconcilerArgs}.
     */
    static ReconcilerFaultSetup prepare(FaultLog log, PostgresExtension postgres, S3ServerExtension s3, String bucket,
            int recordsPerObject, String workDir, List<String> reconcilerArgs) throws Exception {
        long seed = new Random().nextLong();
        log.note("seed %d", seed);
        long preparing = System.nanoTime();
        ReconcilerHistory history = ReconcilerHistory.generate(seed, DAY, Duration.ofHours(16), 1.0);
        s3.createBucket(bucket);
        int objects = history.land(s3.s3Client(), bucket, recordsPerObject);
        Map<String, Attribution> answers = history.expected(DAY, DAY.plus(Duration.ofDays(1)), W);
        ReconcilerSeed stream = ReconcilerSeed.plan(history, answers, W, LATENESS, seed);
        ReconcilerDatabase db = new ReconcilerDatabase(postgres.dataSource());
        db.seed(stream.rows(), history::checkout);
        log.note("%,d raw records (%,d malformed dropped) in %,d objects; %,d checkouts, %,d seeded wrong %s (%.1f s)",
                history.landedRecords(), history.malformedDropped(), objects, answers.size(),
                stream.expectedReasons().size(), stream.faults(), (System.nanoTime() - preparing) / 1e9);
        ReconcilerChild reconciler = new ReconcilerChild(
                Endpoints.of(postgres.jdbcUrl(), postgres.user(), postgres.password(), URI.create("http://127.0.0.1:9"),
                        s3.endpoint()), // the reconciler uses no Kinesis: a closed loopback port
                ScratchDirs.emptied(workDir), bucket, DAY, DAY.plus(Duration.ofDays(1)), W.length(), LATENESS,
                reconcilerArgs);
        return new ReconcilerFaultSetup(new Random(seed), history, objects, answers, stream, db, reconciler);
    }

    /** The table, ledger, run row and rollups equal those of an undisturbed run ({@link ReconcilerOutcome}). */
    void verifyOutcome(FaultLog log) throws Exception {
        ReconcilerOutcome.verify(log, db, history, answers, stream, List.of(LocalDate.ofInstant(DAY, ZoneOffset.UTC)));
    }
}
