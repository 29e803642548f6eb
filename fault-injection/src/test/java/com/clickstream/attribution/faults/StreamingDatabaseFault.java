package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The course of a database fault under the running streaming job, shared by the fault tests that do
 * not restart the job ({@link PostgresRestartFaultIT}, {@link PostgresHangFaultIT}): one input sent once
 * to kinesalite, the job (a child JVM) started once, the fault put in after a seeded 20-40 % of the
 * input and ended, then the same process must count every record with nothing lost or counted twice
 * ({@link StreamingOutcomeCheck}). What the retries met is read from the job's log.
 */
final class StreamingDatabaseFault {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Pattern FAILED_ATTEMPT = Pattern.compile("attempt \\d+ failed \\((\\w{5}) ");

    /** Puts the fault in and ends it (the server is answering again on return); says what it did. */
    @FunctionalInterface
    interface Fault {
        String inject(StreamingTables.Progress atFault, long sent, StreamingJobRuns job, Random random) throws Exception;
    }

    /** What the job went through: its process, its failed attempts by SQLSTATE, its log. */
    record Outcome(long pid, TreeMap<String, Integer> failedAttempts, String jobLog, double recoverySeconds,
            long batches) {
        int attempts() {
            return failedAttempts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private StreamingDatabaseFault() {
    }

    /**
     * Waits until the job has logged {@code more} failed database attempts beyond the {@code before}
     * it had logged when the fault began: the fault has hit the job and it is retrying. A fault lasts
     * until then rather than a fixed time, so it is as long as it needs to be on a fast or a loaded
     * machine.
     */
    static int awaitFailedAttempts(StreamingJobRuns job, long before, int more, String during) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long failed = job.countLog(FAILED_ATTEMPT);
            if (failed >= before + more) {
                return (int) (failed - before);
            }
            job.requireAlive(during);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + more + " failed database "
                        + "attempts " + during + " (" + (failed - before) + " so far)\n" + job.logTail());
            }
            Thread.sleep(100);
        }
    }

    /** Failed database attempts the job has logged so far. */
    static long failedAttempts(StreamingJobRuns job) {
        return job.countLog(FAILED_ATTEMPT);
    }

    static Outcome run(FaultLog log, String query, PostgresExtension postgres, KinesisServerExtension kinesis,
            List<String> jobArgs, Fault fault) throws Exception {
        StreamingFaultSetup setup = StreamingFaultSetup.prepare(log, postgres, kinesis, query + "-", 10);
        Random random = setup.random();
        StreamingTraffic traffic = setup.traffic();
        StreamingTables tables = setup.tables();
        long sent = traffic.sent();
        List<String> args = new ArrayList<>(List.of("--max_records_per_read", "200"));
        args.addAll(jobArgs);
        Outcome outcome;
        try (StreamingJobRuns job = new StreamingJobRuns(setup.endpoints(), setup.work(), query, args, tables)) {
            long pid = job.start().pid();
            double share = 0.2 + 0.2 * random.nextDouble();
            job.await(p -> p.eventsIn() >= (long) (sent * share), WAIT,
                    String.format("the job to count %.0f %% of %,d records", share * 100, sent));
            StreamingTables.Progress atFault = tables.progress().orElseThrow();

            log.injected("%s", fault.inject(atFault, sent, job, random));
            long ended = System.nanoTime();

            job.await(p -> p.batches() > atFault.batches(), WAIT, "a batch committed after the fault ended");
            double recovery = (System.nanoTime() - ended) / 1e9;
            StreamingTables.Progress done = job.await(p -> p.eventsIn() >= sent, WAIT,
                    String.format("the job to count all %,d records", sent));
            job.awaitMoreTriggers(2, WAIT); // anything counted twice would show now
            job.requireAlive("idling after the input");
            assertThat(job.current().pid()).as("the same job process throughout").isEqualTo(pid);
            assertThat(job.starts()).as("nobody restarted the job").isEqualTo(1);

            String jobLog = job.log();
            TreeMap<String, Integer> states = new TreeMap<>();
            Matcher failed = FAILED_ATTEMPT.matcher(jobLog);
            while (failed.find()) {
                states.merge(failed.group(1), 1, Integer::sum);
            }
            assertThat(states).as("failed attempts by SQLSTATE: the fault must have hit a batch").isNotEmpty();
            assertThat(jobLog).as("no batch gave up").doesNotContain("giving up after");
            outcome = new Outcome(pid, states, jobLog, recovery, done.batches());
        }
        StreamingOutcomeCheck.verify(traffic, tables, log);
        return outcome;
    }
}
