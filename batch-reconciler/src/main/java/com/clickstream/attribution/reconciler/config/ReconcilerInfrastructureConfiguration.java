package com.clickstream.attribution.reconciler.config;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.reconciler.raw.S3RawEventSource;
import io.awspring.cloud.autoconfigure.s3.S3ClientCustomizer;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/** What the job runs on: the migrated database, the raw event source in S3, the clock. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ReconcilerProperties.class, RawBucketProperties.class})
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

    /**
     * The reconciler's retries and HTTP client on the raw bucket's client, which Spring Cloud AWS builds from
     * {@code spring.cloud.aws.*} ({@link RawS3ClientCustomizer}).
     */
    @Bean
    public S3ClientCustomizer rawS3ClientCustomizer(RawBucketProperties rawBucket) {
        return new RawS3ClientCustomizer(rawBucket);
    }

    @Bean
    public RawEventSource rawEventSource(S3Client s3Client, RawBucketProperties rawBucket) {
        return new S3RawEventSource(s3Client, rawBucket.bucket());
    }

    /** Marker bean: the database has been migrated. */
    public record MigratedDatabase(String batchSchema) {
    }
}
