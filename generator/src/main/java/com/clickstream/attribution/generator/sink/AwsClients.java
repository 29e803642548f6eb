package com.clickstream.attribution.generator.sink;

import com.clickstream.attribution.core.config.LoopbackEndpoints;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Builds the clients the sinks use, so the same code runs against AWS, LocalStack or the local
 * servers: only the endpoint changes.
 *
 * <ul>
 *   <li><b>Endpoint:</b> {@code null} = the service's regional AWS endpoint; otherwise an override
 *       such as {@code http://127.0.0.1:4567}.</li>
 *   <li><b>Credentials:</b> the explicit provider if given. Else, for an endpoint on the loopback
 *       interface (the local servers, LocalStack on this machine), dummy static credentials: those
 *       servers accept any signature, a laptop may have none, and the default chain would probe
 *       the instance-metadata address, a non-loopback request from tests. For any other override,
 *       the SDK's default chain (env, system properties, profile, container/instance role) falling
 *       back to the dummies; without an override, the default chain alone.</li>
 *   <li><b>No SDK retries:</b> the sinks own retrying (per entry, counted in {@link SinkStats},
 *       bounded by {@link RetryPolicy}); SDK retries underneath would multiply attempts and hide
 *       them from the stats. Clients for other purposes should be built elsewhere.</li>
 *   <li><b>CBOR off for overrides:</b> with an endpoint override, {@code aws.cborEnabled=false} is
 *       set (JVM-wide, unless already set) before the Kinesis client is built: the SDK's default
 *       CBOR cannot be read back from kinesalite, and JSON works on AWS too.</li>
 *   <li>URL-connection HTTP client (small, no extra threads), 30 s per call.</li>
 * </ul>
 */
public final class AwsClients {

    /** Time limit of one call (no SDK retries, so also of one attempt). */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final AwsBasicCredentials LOCAL_CREDENTIALS = AwsBasicCredentials.create("local", "local");

    private AwsClients() {
    }

    public static KinesisClient kinesis(URI endpointOrNull, Region region) {
        return kinesis(endpointOrNull, region, null);
    }

    public static KinesisClient kinesis(URI endpointOrNull, Region region, AwsCredentialsProvider credentialsOrNull) {
        if (endpointOrNull != null && System.getProperty("aws.cborEnabled") == null) {
            System.setProperty("aws.cborEnabled", "false");
        }
        return configure(KinesisClient.builder(), endpointOrNull, region, credentialsOrNull).build();
    }

    public static FirehoseClient firehose(URI endpointOrNull, Region region) {
        return firehose(endpointOrNull, region, null);
    }

    public static FirehoseClient firehose(URI endpointOrNull, Region region, AwsCredentialsProvider credentialsOrNull) {
        return configure(FirehoseClient.builder(), endpointOrNull, region, credentialsOrNull).build();
    }

    /** The credentials a client gets; see the class comment. */
    static AwsCredentialsProvider credentials(URI endpointOrNull, AwsCredentialsProvider explicitOrNull) {
        if (explicitOrNull != null) {
            return explicitOrNull;
        }
        if (endpointOrNull == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (LoopbackEndpoints.isLoopback(endpointOrNull)) {
            return StaticCredentialsProvider.create(LOCAL_CREDENTIALS);
        }
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(DefaultCredentialsProvider.builder().build(),
                        StaticCredentialsProvider.create(LOCAL_CREDENTIALS))
                .build();
    }

    private static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> B configure(
            B builder, URI endpointOrNull, Region region, AwsCredentialsProvider credentialsOrNull) {
        Objects.requireNonNull(region, "region");
        builder.region(region)
                .credentialsProvider(credentials(endpointOrNull, credentialsOrNull))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(CALL_TIMEOUT))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(CALL_TIMEOUT)
                        .build());
        if (endpointOrNull != null) {
            builder.endpointOverride(endpointOrNull);
        }
        return builder;
    }
}
