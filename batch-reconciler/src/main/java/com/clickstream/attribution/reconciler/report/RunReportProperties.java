package com.clickstream.attribution.reconciler.report;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The run report the reconciler writes after each completed run (Spring properties {@code reconciler.report.*},
 * docs/report.md).
 *
 * @param enabled  write it (default true); false skips it
 * @param days     UTC days it covers, ending on the run's last day (default 14; never before the first day with
 *                 a checkout)
 * @param localDir a folder to write {@code run-<id>.html} and {@code latest.html} into instead of the raw bucket's
 *                 {@code reports/} (default unset: the bucket); for a reconciler run on a laptop
 */
@ConfigurationProperties("reconciler.report")
public record RunReportProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("14") int days,
        Path localDir) {

    public RunReportProperties {
        if (days < 1) {
            throw new IllegalArgumentException("reconciler.report.days must be at least 1, was " + days);
        }
    }
}
