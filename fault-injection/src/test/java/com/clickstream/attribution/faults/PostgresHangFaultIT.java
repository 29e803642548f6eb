package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL hangs: every server process is frozen with SIGSTOP while the streaming job is in the
 * middle of one input, until the job has logged a failed attempt against it (about 5 s, the socket
 * timeout below), then resumed with SIGCONT. Unlike a restart, nothing
 * closes the connections: the batch in flight waits for an answer that does not come. The job runs
 * with {@code --db_socket_timeout 5s}, so the wait fails the attempt like a broken connection
 * (08006; a new login times out with 08001) and the same process retries with backoff
 * ({@code --db_retry_for}) until the server answers again. The end state must be exactly the core
 * rule with nothing lost or counted twice ({@link StreamingDatabaseFault}).
 */
@Tag("fault")
class PostgresHangFaultIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @Test
    void aHungDatabaseTimesOutAndTheJobCarriesOnWhenItAnswersAgain() throws Exception {
        FaultLog log = FaultLog.start("PostgreSQL hangs during streaming");
        StreamingDatabaseFault.Outcome outcome = StreamingDatabaseFault.run(log, "fault-pg-hang", POSTGRES, KINESIS,
                List.of("--db_retry_for", "2m", "--db_socket_timeout", "5s"), (atFreeze, sent, job, random) -> {
                    long before = StreamingDatabaseFault.failedAttempts(job);
                    int processes;
                    double seconds;
                    int failed;
                    try (PostgresFreeze freeze = PostgresFreeze.freeze(POSTGRES)) {
                        // frozen until the batch in flight has timed out (--db_socket_timeout) and is being retried
                        failed = StreamingDatabaseFault.awaitFailedAttempts(job, before, 1, "PostgreSQL was frozen");
                        processes = freeze.processes();
                        seconds = freeze.seconds();
                    }
                    return String.format("SIGSTOP to all %d PostgreSQL processes (postmaster and backends) with %,d of "
                                    + "%,d records counted in %d batches, frozen %.1f s (connections left open) until the "
                                    + "job had failed %d attempt(s), then SIGCONT",
                            processes, atFreeze.eventsIn(), sent, atFreeze.batches(), seconds, failed);
                });

        assertThat(outcome.failedAttempts().keySet()).as("only connection failures").allMatch(s -> s.startsWith("08"));
        log.verified("the same job process (pid %d, 1 start) carried on: %d timed-out attempts by SQLSTATE %s, each "
                        + "retried with backoff; first batch committed %.1f s after SIGCONT; %d data batches in all",
                outcome.pid(), outcome.attempts(), outcome.failedAttempts(), outcome.recoverySeconds(), outcome.batches());
        log.done();
    }
}
