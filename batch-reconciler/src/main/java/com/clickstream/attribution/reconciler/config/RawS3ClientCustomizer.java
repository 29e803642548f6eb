package com.clickstream.attribution.reconciler.config;

import io.awspring.cloud.autoconfigure.s3.S3ClientCustomizer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * What the raw bucket's client needs beyond Spring Cloud AWS's {@code spring.cloud.aws.*} settings (region,
 * endpoint, path style, credentials), applied to the starter's {@code S3ClientBuilder} after those.
 *
 * <p>Retries that ride out an S3 outage of tens of seconds: the SDK's default gives up after 3 attempts
 * within a second, and an unreadable object used to be skipped. The standard strategy with
 * {@code reconciler.s3.max-attempts} and exponential backoff up to {@code reconciler.s3.max-backoff}, and
 * without the retry-quota circuit breaker, which would stop retrying every call after about a hundred failed
 * attempts of the decode threads. Each retry is logged ({@link RetryLogging}).
 *
 * <p>The URLConnection HTTP client, as before the starter: raw-store brings Apache 5 and Netty to the
 * classpath, and without an explicit choice the SDK picks one by its own precedence.
 *
 * <p>The starter's override configuration (its user agent) is kept: the customizer adds to it.
 */
final class RawS3ClientCustomizer implements S3ClientCustomizer {

    /** The SDK's standard base delay: the first retry waits 50-100 ms, each next one up to twice as long. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final RawBucketProperties settings;

    RawS3ClientCustomizer(RawBucketProperties settings) {
        this.settings = settings;
    }

    @Override
    public void customize(S3ClientBuilder builder) {
        StandardRetryStrategy retries = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(FIRST_BACKOFF,
                        max(FIRST_BACKOFF, settings.maxBackoff())))
                .circuitBreakerEnabled(false)
                .build();
        builder.httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(builder.overrideConfiguration().toBuilder()
                        .retryStrategy(retries)
                        .addExecutionInterceptor(new RetryLogging(settings.maxAttempts()))
                        .build());
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
}
