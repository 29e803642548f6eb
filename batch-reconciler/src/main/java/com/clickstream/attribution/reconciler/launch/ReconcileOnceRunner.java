package com.clickstream.attribution.reconciler.launch;

import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/** Mode {@code once}: one reconciliation with the command-line options; the exit code tells how it went. */
public final class ReconcileOnceRunner implements ApplicationRunner, ExitCodeGenerator {

    public static final int COMPLETED = 0;
    public static final int FAILED = 1;
    public static final int BAD_ARGUMENTS = 2;
    /**
     * Completed, but some raw objects could not be read: the run is over (restarting it reads the same
     * objects), and corrections that could have been wrong were withheld. Fix or remove the objects listed
     * in {@code reconciliation_runs.skips}, then reconcile the range again.
     */
    public static final int COMPLETED_WITH_SKIPS = 3;

    private static final Logger log = LoggerFactory.getLogger(ReconcileOnceRunner.class);

    private final ReconciliationLauncher launcher;
    private final Clock clock;
    private int exitCode = FAILED;
    private Failure failure;

    public ReconcileOnceRunner(ReconciliationLauncher launcher, Clock clock) {
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void run(ApplicationArguments arguments) {
        ReconciliationParameters parameters;
        try {
            parameters = ReconciliationParameters.fromOptions(CommandLineOptions.parse(arguments.getSourceArgs()), clock);
        } catch (IllegalArgumentException e) {
            log.error("bad arguments: {}", e.getMessage());
            exitCode = BAD_ARGUMENTS;
            failure = new Failure("bad arguments: " + ErrorLine.of(e.getMessage()), null);
            return;
        }
        try {
            ReconciliationLauncher.Outcome outcome = launcher.launch(parameters);
            exitCode = !outcome.succeeded() ? FAILED
                    : outcome.skippedRawObjects() > 0 ? COMPLETED_WITH_SKIPS
                    : COMPLETED;
            log.info("reconciliation {}: job execution {}, run {}", outcome.execution().getStatus(),
                    outcome.execution().getId(), outcome.runId().map(String::valueOf).orElse("-"));
            if (!outcome.succeeded()) {
                List<Throwable> causes = outcome.execution().getAllFailureExceptions();
                failure = new Failure("reconciliation " + outcome.execution().getStatus() + " (job execution "
                        + outcome.execution().getId() + ", run " + outcome.runId().map(String::valueOf).orElse("-") + ")",
                        causes.isEmpty() ? null : causes.get(0));
            } else if (exitCode == COMPLETED_WITH_SKIPS) {
                failure = new Failure("reconciliation COMPLETED with " + outcome.skippedRawObjects()
                        + " raw objects skipped and " + outcome.withheldCorrections() + " corrections withheld (run "
                        + outcome.runId().map(String::valueOf).orElse("-") + "; reconciliation_runs.skips lists them)",
                        null);
            }
        } catch (Exception e) {
            log.error("reconciliation could not run", e);
            exitCode = FAILED;
            failure = new Failure("reconciliation could not run", e);
        }
    }

    /**
     * Why the run did not complete.
     *
     * @param what  what happened, e.g. {@code reconciliation FAILED (job execution 3, run 2)}
     * @param cause the first failure, or null when there is none to show
     */
    public record Failure(String what, Throwable cause) {
    }

    /** Why the run did not complete, or what it could not read; empty when it completed in full (or has not run). */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
