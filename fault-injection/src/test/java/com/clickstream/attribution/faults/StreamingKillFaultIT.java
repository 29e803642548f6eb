package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.local.stack.Endpoints;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming job (a child JVM) is killed with SIGKILL three times at seeded random points while it
 * is in the middle of one input, and started again each time on the same checkpoint. The final
 * table must equal attribution-core's rule for every checkout, and no record may be lost or counted
 * twice ({@link StreamingOutcomeCheck}).
 *
 * <p>The whole input is in Kinesis before the job starts, and {@code --max_records_per_read 200}
 * cuts it into some 15-20 micro-batches. Kill {@code i} first waits until the job has counted a
 * seeded random share of the input in the i-th band (10-25 %, 35-50 %, 60-75 %), so every run
 * commits batches of its own and input is left after the last kill. Kills 1 and 3 then wait a
 * seeded random part of a batch's duration, landing anywhere in a batch; kill 2 fires the moment
 * the sink has committed a batch, aiming at the narrow window before Spark records that commit,
 * after which the batch is re-run as a replay (whether it hit is printed: the phase comes from the
 * checkpoint). Run with {@code -Dfault.seed=N} to repeat a run; the seed is printed.
 */
@Tag("fault")
class StreamingKillFaultIT {

    private static final int KILLS = 3;
    private static final String QUERY = "fault-kill";
    private static final Duration WAIT = Duration.ofMinutes(3);

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @Test
    void sigkilledThreeTimesMidInputTheJobStillWritesExactlyTheCoreRuleOnce() throws Exception {
        FaultLog log = FaultLog.start("streaming job SIGKILL x" + KILLS);
        StreamingFaultSetup setup = StreamingFaultSetup.prepare(log, POSTGRES, KINESIS, "streaming-kill-", 12);
        Random random = setup.random();
        StreamingTraffic traffic = setup.traffic();
        Path work = setup.work();
        StreamingCheckpoint checkpoint = new StreamingCheckpoint(work.resolve("checkpoints").resolve(QUERY));
        StreamingTables tables = setup.tables();
        Endpoints endpoints = setup.endpoints();
        long sent = traffic.sent();
        List<String> recoveries = new ArrayList<>();
        try (StreamingJobRuns job = new StreamingJobRuns(endpoints, work, QUERY,
                List.of("--max_records_per_read", "200"), tables)) {
            job.start();
            long runStart = System.nanoTime();
            long batchesAtRunStart = 0; // committed before the current run started
            for (int kill = 1; kill <= KILLS; kill++) {
                double share = 0.10 + 0.25 * (kill - 1) + 0.15 * random.nextDouble();
                long target = (long) (sent * share);
                long batchesBefore = batchesAtRunStart;
                StreamingTables.Progress reached = job.await(p -> p.eventsIn() >= target && p.batches() > batchesBefore,
                        WAIT, String.format("run %d to count %,d of %,d records", kill, target, sent));
                String how;
                if (kill == 2) {
                    int runKill = kill;
                    tables.awaitNextCommit(reached.batches(), WAIT.toNanos(),
                            () -> job.requireAlive("waiting for a batch commit before kill " + runKill));
                    job.kill();
                    how = "the moment the sink's commit of a batch was visible";
                } else {
                    // a random point of the next batch, from the pace of the last two
                    long batchMs = tables.lastBatchInterval(Duration.ofSeconds(2)).toMillis();
                    long delayMs = (long) (random.nextDouble() * batchMs);
                    Thread.sleep(delayMs);
                    job.kill();
                    how = String.format("%d ms (a random share of ~%d ms per batch) after %,d records were counted",
                            delayMs, batchMs, reached.eventsIn());
                }
                StreamingTables.Progress atKill = tables.progress().orElseThrow();
                assertThat(atKill.eventsIn()).as("kill %d must land before the end of the input", kill).isLessThan(sent);
                assertThat(atKill.batches()).as("run %d committed batches of its own before kill %d", kill, kill)
                        .isGreaterThan(batchesBefore);
                log.injected("SIGKILL %d/%d %.1f s into run %d, %s (target band %.0f %%): %d data batches committed "
                                + "(max batch id %d), %,d of %,d records counted; landed %s", kill, KILLS,
                        seconds(runStart), kill, how, share * 100, atKill.batches(), atKill.maxBatch(),
                        atKill.eventsIn(), sent, checkpoint.phase(atKill.maxBatch()));

                long restart = System.nanoTime();
                job.start();
                runStart = restart;
                job.await(p -> p.batches() > atKill.batches(), WAIT, "the restarted job's first new batch after kill " + kill);
                recoveries.add(String.format("%.1f", seconds(restart)));
                batchesAtRunStart = atKill.batches();
                log.note("restart %d on the same checkpoint: next batch committed %.1f s after the restart "
                        + "(JVM + Spark start, checkpoint recovery, re-run of the interrupted batch)", kill, seconds(restart));
            }
            StreamingTables.Progress done = job.await(p -> p.eventsIn() >= sent, WAIT,
                    String.format("the last run to count all %,d records", sent));
            job.awaitMoreTriggers(2, WAIT); // anything counted twice would show now
            job.requireAlive("idling after the input");
            log.note("input done after %d runs: %d data batches committed; %d re-run(s) found their batch already "
                            + "written by the killed run (replays)", job.starts(), done.batches(),
                    job.countLog(Pattern.compile("was (committed|written) before")));
        }
        StreamingOutcomeCheck.verify(traffic, tables, log);
        log.verified("after each of %d SIGKILLs the job resumed from its checkpoint (restart -> next committed batch: "
                + "%s s) and lost nothing, counted nothing twice", KILLS, String.join(", ", recoveries));
        log.done();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
