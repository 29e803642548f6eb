package com.clickstream.attribution.reconciler.launch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Takes over Boot's report of a context that failed to start (registered in
 * {@code META-INF/spring.factories}): {@code ReconcilerApplication} prints the reason as one line on
 * stderr, so the log gets no "Application run failed" stack trace; the trace is still logged at DEBUG
 * ({@code --logging.level.com.clickstream.attribution.reconciler=DEBUG}).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class StartupFailureReporter implements SpringBootExceptionReporter {

    private static final Logger log = LoggerFactory.getLogger(StartupFailureReporter.class);

    @Override
    public boolean reportException(Throwable failure) {
        log.error("application failed to start: {}", ErrorLine.cause(failure));
        log.debug("start-up failure", failure);
        return true;
    }
}
