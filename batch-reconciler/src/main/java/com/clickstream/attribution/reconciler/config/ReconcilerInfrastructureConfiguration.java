package com.clickstream.attribution.reconciler.config;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.reconciler.raw.S3RawEventSource;
import com.clickstream.attribution.reconciler.run.RunMetrics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** What the job runs on: the migrated database, the raw event source in S3, the clock. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReconcilerProperties.class)
public class ReconcilerInfrastructureConfiguration {

    /** The SDK's standard base delay: the first retry waits 50-100 ms, each next one up to twice as long. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    /**
     * The database, migrated: {@code ecommerce} by the project's one Flyway configuration
     * ({@link DatabaseMigrator}; Boot's Flyway auto-configuration is off), and Spring Batch's tables in
     * the schema of {@code spring.batch.jdbc.table-prefix}. Everything that launches the job depends on it.
     */
    @Bean
    public MigratedDatabase migratedDatabase(DataSource dataSource,
            @Value("${spring.batch.jdbc.table-prefix}") String batchTablePrefix) {
        DatabaseMigrator.migrate(dataSource);
        String schema = batchTablePrefix.substring(0, batchTablePrefix.indexOf('.'));
        BatchSchema.ensure(dataSource, schema);
        return new MigratedDatabase(schema);
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The raw bucket's client. Its retries ride out an S3 outage of tens of seconds (the SDK's default
     * gives up after 3 attempts within a second, and an unreadable object used to be skipped): the
     * standard strategy with {@code reconciler.s3.max-attempts} and exponential backoff up to
     * {@code reconciler.s3.max-backoff}, and without the retry-quota circuit breaker, which would stop
     * retrying every call after about a hundred failed attempts of the decode threads. Each retry is logged.
     */
    @Bean(destroyMethod = "close")
    public S3Client rawS3Client(ReconcilerProperties properties) {
        ReconcilerProperties.S3 s3 = properties.s3();
        StandardRetryStrategy retries = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(s3.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(FIRST_BACKOFF,
                        max(FIRST_BACKOFF, s3.maxBackoff())))
                .circuitBreakerEnabled(false)
                .build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(retries)
                        .addExecutionInterceptor(new RetryLogging(s3.maxAttempts())))
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle());
        if (s3.endpoint() != null && !s3.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(s3.endpoint()));
        }
        if (s3.accessKeyId() != null && !s3.accessKeyId().isBlank()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    /** CloudWatch publishing of the run's correction rate; off unless {@code reconciler.metrics.namespace} is set. */
    @Bean(destroyMethod = "close")
    public RunMetrics runMetrics(ReconcilerProperties properties) {
        ReconcilerProperties.Metrics metrics = properties.metrics();
        if (!metrics.enabled()) {
            return RunMetrics.off();
        }
        CloudWatchClientBuilder builder = CloudWatchClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", metrics.region())))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (metrics.endpoint() != null && !metrics.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(metrics.endpoint()));
        }
        return new RunMetrics(builder.build(), metrics.namespace());
    }

    @Bean
    public RawEventSource rawEventSource(S3Client rawS3Client, ReconcilerProperties properties) {
        return new S3RawEventSource(rawS3Client, properties.s3().bucket());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Logs every retried S3 attempt, and a call that failed after retrying, so an outage shows in the log. */
    static final class RetryLogging implements ExecutionInterceptor {

        private static final Logger log = LoggerFactory.getLogger(RetryLogging.class);
        private static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("reconciler.s3.attempts");

        private final int maxAttempts;

        RetryLogging(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            attributes.putAttribute(ATTEMPTS, new AtomicInteger());
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            int attempt = attributes.getAttribute(ATTEMPTS).incrementAndGet();
            if (attempt > 1) {
                log.warn("S3 {} failed, retrying: attempt {} of {}",
                        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), attempt, maxAttempts);
            }
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
            if (attempts != null && attempts.get() > 1) {
                log.warn("S3 {} failed after {} attempts: {}", attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        attempts.get(), context.exception().toString());
            }
        }
    }

    /** Marker bean: the database has been migrated. */
    public record MigratedDatabase(String batchSchema) {
    }
}
