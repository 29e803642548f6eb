package com.clickstream.attribution.reconciler.report;

import com.clickstream.attribution.reconciler.config.RawBucketProperties;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/** The run report written after each run ({@link RunReportPublisher}, a listener of the reconciliation job). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RunReportProperties.class)
public class RunReportConfiguration {

    @Bean
    public RunReportPublisher runReportPublisher(DataSource dataSource, S3Client s3Client, RawBucketProperties rawBucket,
            RunReportProperties runReportProperties, Clock clock) {
        return new RunReportPublisher(dataSource, s3Client, rawBucket.bucket(), runReportProperties, clock);
    }
}
