package com.clickstream.attribution.reconciler.launch;

import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Mode {@code schedule}: runs the default reconciliation (the last {@code lookback} up to the last full
 * hour) on {@code reconciler.schedule.cron}, in UTC. A failed run is logged and left for the next
 * tick (or an operator's restart): the next night's range overlaps it.
 */
public final class ReconciliationScheduler {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationScheduler.class);

    private final ReconciliationLauncher launcher;
    private final Clock clock;

    public ReconciliationScheduler(ReconciliationLauncher launcher, Clock clock) {
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Scheduled(cron = "${reconciler.schedule.cron:0 30 2 * * *}", zone = "UTC")
    public void reconcile() {
        try {
            ReconciliationLauncher.Outcome outcome = launcher.launch(ReconciliationParameters.fromOptions(Map.of(), clock));
            log.info("scheduled reconciliation {}: job execution {}", outcome.execution().getStatus(),
                    outcome.execution().getId());
        } catch (Exception e) {
            log.error("scheduled reconciliation could not run", e);
        }
    }
}
