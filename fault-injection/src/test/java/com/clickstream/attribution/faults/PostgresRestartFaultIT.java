package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL is stopped ({@code pg_ctl stop -m fast}, as a restart or failover does) while the
 * streaming job (a child JVM) is in the middle of one input, until the job has failed a seeded 3-5
 * attempts against it (1.4-6 s of its backoff), then started again on the same port with the same data. Nobody restarts the job: the same process must retry its batch
 * with backoff ({@code --db_retry_for}) and carry on, and the end state must be exactly the core
 * rule with nothing lost or counted twice ({@link StreamingDatabaseFault}). The job's log shows
 * what the retries met: the broken connection of the batch in flight (08006 / 57P01) and refused
 * connections while the server was down (08001).
 */
@Tag("fault")
class PostgresRestartFaultIT {

    private static final Pattern SUCCEEDED = Pattern.compile("succeeded on retry (\\d+) after (\\d+) ms of failures");

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @Test
    void theJobRidesOutADatabaseRestartWithoutBeingRestartedAndLosesNothing() throws Exception {
        FaultLog log = FaultLog.start("PostgreSQL restart during streaming");
        StreamingDatabaseFault.Outcome outcome = StreamingDatabaseFault.run(log, "fault-pg-restart", POSTGRES, KINESIS,
                List.of("--db_retry_for", "2m"), (atStop, sent, job, random) -> {
                    int attempts = 3 + random.nextInt(3); // 3-5: 1.4-6 s of the job's 200 ms doubling backoff
                    long before = StreamingDatabaseFault.failedAttempts(job);
                    long stopped = System.nanoTime();
                    POSTGRES.stopServer();
                    int failed = StreamingDatabaseFault.awaitFailedAttempts(job, before, attempts, "PostgreSQL was down");
                    POSTGRES.restartServer();
                    return String.format("PostgreSQL stopped (pg_ctl stop -m fast) with %,d of %,d records counted in %d "
                                    + "batches, down %.1f s (until the job had failed %d attempts, %d aimed at), restarted "
                                    + "on the same port %d with the same data directory", atStop.eventsIn(), sent,
                            atStop.batches(), (System.nanoTime() - stopped) / 1e9, failed, attempts, POSTGRES.port());
                });

        Matcher succeeded = SUCCEEDED.matcher(outcome.jobLog());
        long longestMs = 0;
        int batchesRetried = 0;
        while (succeeded.find()) {
            batchesRetried++;
            longestMs = Math.max(longestMs, Long.parseLong(succeeded.group(2)));
        }
        assertThat(outcome.failedAttempts()).as("connections refused while the server was down").containsKey("08001");
        assertThat(batchesRetried).as("batches that succeeded after retrying").isPositive();
        log.verified("the same job process (pid %d, 1 start) carried on: %d failed attempts by SQLSTATE %s, each "
                        + "retried with backoff; %d batch(es) succeeded after retrying, the longest after %,d ms; first "
                        + "batch committed %.1f s after the restart; %d data batches in all", outcome.pid(),
                outcome.attempts(), outcome.failedAttempts(), batchesRetried, longestMs, outcome.recoverySeconds(),
                outcome.batches());
        log.done();
    }
}
