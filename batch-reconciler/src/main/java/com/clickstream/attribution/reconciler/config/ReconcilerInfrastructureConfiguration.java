package com.clickstream.attribution.reconciler.config;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.reconciler.raw.S3RawEventSource;
import com.clickstream.attribution.reconciler.run.RunMetrics;
import java.net.URI;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** What the job runs on: the migrated database, the raw event source in S3, the clock. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReconcilerProperties.class)
public class ReconcilerInfrastructureConfiguration {

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

    @Bean(destroyMethod = "close")
    public S3Client rawS3Client(ReconcilerProperties properties) {
        ReconcilerProperties.S3 s3 = properties.s3();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
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

    /** Marker bean: the database has been migrated. */
    public record MigratedDatabase(String batchSchema) {
    }
}
