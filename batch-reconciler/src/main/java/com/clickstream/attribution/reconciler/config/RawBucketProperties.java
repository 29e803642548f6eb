package com.clickstream.attribution.reconciler.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The raw bucket (Spring properties {@code reconciler.s3.*}). Endpoint, region, path style and credentials of
 * its client are Spring Cloud AWS's {@code spring.cloud.aws.*} settings (docs/reconciler.md); the retries are the reconciler's own, because the
 * starter leaves the SDK's default (3 attempts within a second).
 *
 * <p>Apart from {@link ReconcilerProperties} on purpose: binding that record's {@code work-dir} (a {@code Path})
 * goes through Spring Cloud AWS's {@code S3ProtocolResolver}, which builds the S3 client, whose customizer
 * ({@link RawS3ClientCustomizer}) needs these settings; in one record that is a circular reference.
 *
 * @param bucket      the raw bucket (required unless another {@code RawEventSource} is configured)
 * @param maxAttempts attempts per S3 call (the first plus retries) before it fails; default 12. Retried:
 *                    connection errors, timeouts, 5xx and throttling. With the backoff below a call
 *                    rides out an outage of at least ~30 s; a longer one fails the staging step
 *                    (restart with the same parameters)
 * @param maxBackoff  longest wait between two attempts (exponential from 100 ms, half jitter); default 20s
 */
@ConfigurationProperties("reconciler.s3")
public record RawBucketProperties(
        String bucket,
        @DefaultValue("12") int maxAttempts,
        @DefaultValue("20s") Duration maxBackoff) {

    public RawBucketProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("reconciler.s3.max-attempts must be at least 1, was " + maxAttempts);
        }
        if (maxBackoff == null || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("reconciler.s3.max-backoff must be a duration >= 0, was " + maxBackoff);
        }
    }
}
