package com.clickstream.attribution.reconciler.config;

import com.clickstream.attribution.reconciler.run.RunMetrics;
import com.clickstream.attribution.reconciler.run.RunMetricsExport;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The run's figures on Boot's {@link MeterRegistry}: a {@code SimpleMeterRegistry} (in memory, nothing leaves
 * the process) unless {@code management.cloudwatch.metrics.export.namespace} is set, then Spring Cloud AWS's
 * CloudWatch registry, restricted by {@link RunMetricsExport}.
 *
 * <p>Published before the process exits: the CloudWatch registry is a push registry that exports every
 * {@code management.cloudwatch.metrics.export.step} (1m) and once more when it is closed, and closing the
 * application context closes it (mode {@code once} exits through {@code SpringApplication.exit}, mode
 * {@code schedule} on SIGTERM through Boot's shutdown hook). The registry is closed before its
 * {@code CloudWatchAsyncClient}, which it depends on.
 */
@Configuration(proxyBeanMethods = false)
public class ReconcilerMetricsConfiguration {

    @Bean
    public RunMetrics runMetrics(MeterRegistry meterRegistry) {
        return new RunMetrics(meterRegistry);
    }

    @Bean
    public RunMetricsExport runMetricsExport() {
        return new RunMetricsExport();
    }
}
