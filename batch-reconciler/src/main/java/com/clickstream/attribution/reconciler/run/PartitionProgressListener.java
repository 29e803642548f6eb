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
 * Logs the recompute's progress: one line per finished partition (users, events, rate, running totals
 * over all partitions of this execution).
 */
public final class PartitionProgressListener implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionProgressListener.class);

    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicLong events = new AtomicLong();
    private volatile long startedNanos;

    @Override
    public void beforeStep(StepExecution step) {
        if (startedNanos == 0) {
            startedNanos = System.nanoTime();
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        long records = step.getExecutionContext().getLong(ContextKeys.RECORDS, 0);
        long total = events.addAndGet(records);
        int done = finished.incrementAndGet();
        LocalDateTime start = step.getStartTime();
        double seconds = start == null ? 0 : Duration.between(start, LocalDateTime.now()).toMillis() / 1000.0;
        double allSeconds = (System.nanoTime() - startedNanos) / 1e9;
        log.info("{} {}: {} users, {} events, {} checkouts, {} corrections in {} s ({} events/s); "
                        + "{} partitions finished in this execution, {} events, {} events/s overall",
                step.getStepName(), step.getStatus(), step.getExecutionContext().getInt(ContextKeys.USERS, 0), records,
                step.getExecutionContext().getLong(ContextKeys.CHECKOUTS, 0),
                step.getExecutionContext().getLong(ContextKeys.CORRECTIONS, 0), String.format("%.2f", seconds),
                seconds > 0 ? Math.round(records / seconds) : 0, done, total,
                allSeconds > 0 ? Math.round(total / allSeconds) : 0);
        return null;
    }
}
