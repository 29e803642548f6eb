package com.clickstream.attribution.support.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
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
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one way the pipeline's own code builds Kinesis, Firehose and S3 clients (the generator and the
 * raw landing; tests too), so the same code runs against AWS, LocalStack or the local servers and only
 * the endpoint changes. Every client gets the same behaviour:
 *
 * <ul>
 *   <li><b>Endpoint:</b> {@code null} = the service's regional AWS endpoint; otherwise an override such
 *       as {@code http://127.0.0.1:4567}. {@link #endpoint} resolves it from an option and the SDK's
 *       standard variables ({@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}), so the
 *       rules below see the endpoint the client will actually use.</li>
 *   <li><b>Credentials:</b> the explicit provider if given. Else, for a loopback endpoint (the local
 *       servers, LocalStack on this machine), dummy static credentials: those servers accept any
 *       signature, a laptop may have none, and the default chain would probe the instance-metadata
 *       address, a non-loopback request from tests. For any other override, the SDK's default chain
 *       falling back to the dummies (LocalStack on another host); without an override, the default
 *       chain alone.</li>
 *   <li><b>No SDK retries:</b> the callers retry in their own loops, only what can pass on retry
 *       ({@link AwsErrors}), and count each retry in their statistics; SDK retries underneath would
 *       multiply attempts and hide them.</li>
 *   <li><b>Kinesis over JSON, never CBOR:</b> {@code aws.cborEnabled=false} is set JVM-wide (unless
 *       already set) before a Kinesis client is built: kinesalite cannot answer in CBOR, and JSON
 *       works on AWS too, so one setting serves every endpoint.</li>
 *   <li><b>S3 path-style</b> addressing with an endpoint override (s3proxy and LocalStack need it).</li>
 *   <li>URL-connection HTTP client (small, no extra threads); connect timeout 5 s; per call
 *       {@link #CALL_TIMEOUT} (Kinesis, Firehose) or {@link #S3_CALL_TIMEOUT} (S3 objects of several MB).</li>
 * </ul>
 * Clients for other purposes (the reconciler's Spring Cloud AWS S3 client, the orchestrator's Glue
 * client, the streaming job's Secrets Manager client) follow their frameworks and are built there.
 */
public final class AwsClients {

    /** Time limit of one Kinesis or Firehose call (no SDK retries, so also of one attempt). */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Time limit of one S3 call: a landed object is up to a few MB, written over a slow link too. */
    public static final Duration S3_CALL_TIMEOUT = Duration.ofMinutes(5);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The dummies for local servers: kinesalite accepts any, s3proxy as the local runtime and test-support
     * start it checks these (test-support's {@code S3ServerExtension.ACCESS_KEY} / {@code SECRET_KEY}).
     */
    private static final AwsBasicCredentials LOCAL_CREDENTIALS = AwsBasicCredentials.create("local-access-key", "local-secret-key");

    private AwsClients() {
    }

    /**
     * The endpoint a client of {@code service} (e.g. {@code KINESIS}, {@code S3}) should use: the
     * explicit value; else {@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}; else null,
     * meaning the service's real AWS endpoint.
     */
    public static URI endpoint(URI explicit, String service, Map<String, String> env) {
        if (explicit != null) {
            return explicit;
        }
        URI specific = read(env, "AWS_ENDPOINT_URL_" + service);
        return specific != null ? specific : read(env, "AWS_ENDPOINT_URL");
    }

    public static KinesisClient kinesis(URI endpointOrNull, Region region) {
        return kinesis(endpointOrNull, region, null);
    }

    public static KinesisClient kinesis(URI endpointOrNull, Region region, AwsCredentialsProvider credentialsOrNull) {
        if (System.getProperty("aws.cborEnabled") == null) {
            System.setProperty("aws.cborEnabled", "false");
        }
        return configure(KinesisClient.builder(), endpointOrNull, region, credentialsOrNull, CALL_TIMEOUT).build();
    }

    public static FirehoseClient firehose(URI endpointOrNull, Region region) {
        return firehose(endpointOrNull, region, null);
    }

    public static FirehoseClient firehose(URI endpointOrNull, Region region, AwsCredentialsProvider credentialsOrNull) {
        return configure(FirehoseClient.builder(), endpointOrNull, region, credentialsOrNull, CALL_TIMEOUT).build();
    }

    public static S3Client s3(URI endpointOrNull, Region region) {
        return s3(endpointOrNull, region, null);
    }

    public static S3Client s3(URI endpointOrNull, Region region, AwsCredentialsProvider credentialsOrNull) {
        return configure(S3Client.builder(), endpointOrNull, region, credentialsOrNull, S3_CALL_TIMEOUT)
                .forcePathStyle(endpointOrNull != null)
                .build();
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
            B builder, URI endpointOrNull, Region region, AwsCredentialsProvider credentialsOrNull, Duration callTimeout) {
        Objects.requireNonNull(region, "region");
        builder.region(region)
                .credentialsProvider(credentials(endpointOrNull, credentialsOrNull))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(callTimeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(callTimeout)
                        .build());
        if (endpointOrNull != null) {
            builder.endpointOverride(endpointOrNull);
        }
        return builder;
    }

    private static URI read(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : URI.create(value.trim());
    }
}
