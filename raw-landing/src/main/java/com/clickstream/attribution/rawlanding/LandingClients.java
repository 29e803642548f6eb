package com.clickstream.attribution.rawlanding;

import com.clickstream.attribution.core.config.LoopbackEndpoints;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The clients a landing builds for itself. Only the endpoint differs between AWS, LocalStack and the
 * local servers:
 * <ul>
 *   <li>endpoint: the option if set, else the SDK's own resolution ({@code AWS_ENDPOINT_URL_KINESIS} /
 *       {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL}, else AWS);</li>
 *   <li>credentials: dummy static ones for a loopback endpoint (local servers accept any; the default
 *       chain would probe instance metadata), else the SDK's default chain;</li>
 *   <li>S3 path-style addressing with an endpoint override (s3proxy and LocalStack need it);</li>
 *   <li>Kinesis over JSON, not CBOR ({@code aws.cborEnabled=false}, JVM-wide, unless already set):
 *       kinesalite cannot answer GetRecords in CBOR, and JSON works on AWS too;</li>
 *   <li>url-connection HTTP client, SDK retries left on (the landers retry on top, without limit).</li>
 * </ul>
 */
public final class LandingClients {

    private static final AwsBasicCredentials LOCAL = AwsBasicCredentials.create("local-access-key", "local-secret-key");

    private LandingClients() {
    }

    public static KinesisClient kinesis(RawLandingOptions options) {
        if (System.getProperty("aws.cborEnabled") == null) {
            System.setProperty("aws.cborEnabled", "false");
        }
        var builder = KinesisClient.builder()
                .region(Region.of(options.region()))
                .credentialsProvider(credentials(options.kinesisEndpoint()))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60)));
        if (options.kinesisEndpoint() != null) {
            builder.endpointOverride(options.kinesisEndpoint());
        }
        return builder.build();
    }

    public static S3Client s3(RawLandingOptions options) {
        var builder = S3Client.builder()
                .region(Region.of(options.region()))
                .credentialsProvider(credentials(options.s3Endpoint()))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofMinutes(5)));
        if (options.s3Endpoint() != null) {
            builder.endpointOverride(options.s3Endpoint()).forcePathStyle(true);
        }
        return builder.build();
    }

    static AwsCredentialsProvider credentials(URI endpointOrNull) {
        if (LoopbackEndpoints.isLoopback(endpointOrNull)) {
            return StaticCredentialsProvider.create(LOCAL);
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
