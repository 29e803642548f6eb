package com.clickstream.attribution.reconciler.run;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.StepExecutionListener;

/**
 * Logs the apply stage's progress: one line per finished partition (curated rows, corrections, rate) with
 * running totals, and a closing line for the partitioned step. Registered on the manager step (which resets
 * the totals) and on the worker step. Runs are launched one at a time ({@code ReconciliationLauncher}),
 * so one instance serves every run.
 */
public final class PartitionProgressListener implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionProgressListener.class);

    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicLong events = new AtomicLong();
    private volatile long startedNanos = System.nanoTime();
    private volatile int partitions;

    @Override
    public void beforeStep(StepExecution step) {
        if (isManager(step)) {
            finished.set(0);
            events.set(0);
            startedNanos = System.nanoTime();
            partitions = step.getJobParameters().getLong("buckets", 0L).intValue();
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        double allSeconds = (System.nanoTime() - startedNanos) / 1e9;
        if (isManager(step)) {
            log.info("apply {}: {} partitions, {} checkouts in {} s ({} checkouts/s)", step.getStatus(), finished.get(),
                    events.get(), String.format("%.2f", allSeconds), rate(events.get(), allSeconds));
            return null;
        }
        long records = step.getExecutionContext().getLong(ContextKeys.RECORDS, 0);
        long total = events.addAndGet(records);
        int done = finished.incrementAndGet();
        LocalDateTime start = step.getStartTime();
        double seconds = start == null ? 0 : Duration.between(start, LocalDateTime.now()).toMillis() / 1000.0;
        log.info("{} {}: {} curated rows, {} checkouts applied, {} corrections, {} s; {}/{} partitions, {} rows, {} rows/s",
                step.getStepName(), step.getStatus(), records, step.getExecutionContext().getLong(ContextKeys.CHECKOUTS, 0),
                step.getExecutionContext().getLong(ContextKeys.CORRECTIONS, 0), String.format("%.2f", seconds),
                done, partitions, total, rate(total, allSeconds));
        return null;
    }

    private static boolean isManager(StepExecution step) {
        return !step.getStepName().contains(":");
    }

    private static long rate(long count, double seconds) {
        return seconds > 0 ? Math.round(count / seconds) : 0;
    }
}
