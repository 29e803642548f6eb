package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.run.RunMetrics;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.reconciler.support.StubCloudWatch;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * The application's metrics wiring on embedded PostgreSQL and s3proxy: with a namespace set, Spring Cloud
 * AWS's CloudWatch registry publishes the run's figures (and only those) by the time the application has
 * closed, as the container's exit does; CloudWatch cannot run here, so its client is a stub. Without a
 * namespace (local runs, tests) nothing is exported and the figures stay in an in-memory registry.
 */
class RunMetricsOnExitWithStubCloudWatchIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    Path workDir;

    static final Map<String, String> RANGE = Map.of("from", "2024-03-01T00:00:00Z", "to", "2024-03-02T00:00:00Z");

    /** Replaces the CloudWatch client Spring Cloud AWS would build (its bean is conditional on a missing one). */
    @Configuration(proxyBeanMethods = false)
    static class StubCloudWatchConfiguration {
        static final StubCloudWatch STUB = new StubCloudWatch(false);

        @Bean
        CloudWatchAsyncClient stubCloudWatch() {
            return STUB;
        }
    }

    static Instant at(String hhmm) {
        return Instant.parse("2024-03-01T" + hhmm + ":00Z");
    }

    @BeforeEach
    void givenOneCheckoutTheStreamCreditedToTheWrongClick() {
        POSTGRES.truncateAll("ecommerce");
        Click k1 = click("k1", "u1", at("11:20"), "google");
        Click k2 = click("k2", "u1", at("11:50"), "email");
        Checkout o1 = checkout("o1", "u1", at("12:00"), "100.00");
        Checkout o2 = checkout("o2", "u2", at("12:10"), "5.00");
        RawBucket.emptied(S3.s3Client(), "raw-metrics").arrives(k2, at("11:50")).arrives(o1, at("12:00"))
                .arrives(o2, at("12:10")).arrives(k1, at("14:30")).flush();
        JdbcTemplate owner = new JdbcTemplate(POSTGRES.dataSource());
        ReconcilerHarness.seedStreamRow(owner, Attribution.attributedTo(o1, k2));
        ReconcilerHarness.seedStreamRow(owner, Attribution.unattributed(o2));
    }

    @Test
    void withANamespaceTheRunsFiguresArePublishedByTheTimeTheApplicationHasClosed() throws Exception {
        ReconcilerHarness reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-metrics", workDir,
                Map.of("management.cloudwatch.metrics.export.namespace", "ClickstreamAttribution"),
                StubCloudWatchConfiguration.class);
        MeterRegistry registry = reconciler.bean(MeterRegistry.class);
        try {
            reconciler.reconcile(RANGE);
        } finally {
            reconciler.close();
        }

        assertThat(registry).isInstanceOf(CloudWatchMeterRegistry.class);

        StubCloudWatch cloudWatch = StubCloudWatchConfiguration.STUB;
        assertThat(cloudWatch.requests()).allSatisfy(r -> assertThat(r.namespace()).isEqualTo("ClickstreamAttribution"));
        Map<String, MetricDatum> published = cloudWatch.lastByName();
        assertThat(published.keySet()).as("only the run's figures, no JVM or Spring Batch meters")
                .containsExactlyInAnyOrderElementsOf(RunMetrics.NAMES);
        assertThat(published.get(RunMetrics.CHECKOUTS).value()).isEqualTo(2.0);
        assertThat(published.get(RunMetrics.CORRECTIONS).value()).isEqualTo(1.0);
        assertThat(published.get(RunMetrics.CORRECTION_RATE).value()).isEqualTo(50.0);
        assertThat(published.get(RunMetrics.SKIPPED_RAW_OBJECTS).value()).isZero();
        assertThat(published.get(RunMetrics.WITHHELD_CORRECTIONS).value()).isZero();
    }

    @Test
    void withoutANamespaceNothingIsExportedAndTheFiguresStayInMemory() throws Exception {
        try (ReconcilerHarness reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-metrics", workDir, Map.of())) {
            reconciler.reconcile(RANGE);

            MeterRegistry registry = reconciler.bean(MeterRegistry.class);
            assertThat(registry).isInstanceOf(SimpleMeterRegistry.class);
            assertThat(reconciler.beanNames(CloudWatchAsyncClient.class)).isEmpty();
            assertThat(registry.get(RunMetrics.CHECKOUTS).gauge().value()).isEqualTo(2.0);
            assertThat(registry.get(RunMetrics.CORRECTION_RATE).gauge().value()).isEqualTo(50.0);
        }
    }
}
