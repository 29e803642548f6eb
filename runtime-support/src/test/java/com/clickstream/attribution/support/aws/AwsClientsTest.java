package com.clickstream.attribution.support.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

class AwsClientsTest {

    @Test
    void anEndpointOverrideIsUsedAndTheRegionKept() {
        URI local = URI.create("http://127.0.0.1:4567");
        try (KinesisClient kinesis = AwsClients.kinesis(local, Region.EU_WEST_1);
             FirehoseClient firehose = AwsClients.firehose(local, Region.EU_WEST_1)) {
            assertThat(kinesis.serviceClientConfiguration().endpointOverride()).contains(local);
            assertThat(kinesis.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(firehose.serviceClientConfiguration().endpointOverride()).contains(local);
        }
    }

    @Test
    void s3GetsTheSameEndpointRegionAndCredentialsRulesAndPathStyleWithAnOverride() {
        URI local = URI.create("http://127.0.0.1:9000");
        try (S3Client s3 = AwsClients.s3(local, Region.EU_WEST_1)) {
            assertThat(s3.serviceClientConfiguration().endpointOverride()).contains(local);
            assertThat(s3.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(s3.serviceClientConfiguration().credentialsProvider()).isInstanceOf(StaticCredentialsProvider.class);
        }
    }

    @Test
    void noClientRetriesOnItsOwnAndKinesisSpeaksJson() {
        URI local = URI.create("http://127.0.0.1:4567");
        try (KinesisClient kinesis = AwsClients.kinesis(local, Region.EU_WEST_1);
             S3Client s3 = AwsClients.s3(local, Region.EU_WEST_1)) {
            // the callers retry what can pass and count it; an SDK retry underneath would hide attempts
            assertThat(kinesis.serviceClientConfiguration().overrideConfiguration().retryStrategy())
                    .hasValueSatisfying(r -> assertThat(r.maxAttempts()).isEqualTo(1));
            assertThat(s3.serviceClientConfiguration().overrideConfiguration().retryStrategy())
                    .hasValueSatisfying(r -> assertThat(r.maxAttempts()).isEqualTo(1));
        }
        assertThat(System.getProperty("aws.cborEnabled")).isEqualTo("false");
    }

    @Test
    void theEndpointIsTheOptionElseTheServiceVariableElseTheGeneralOneElseAws() {
        URI option = URI.create("http://127.0.0.1:1");
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:2", "AWS_ENDPOINT_URL", "http://127.0.0.1:3");
        assertThat(AwsClients.endpoint(option, "KINESIS", env)).isEqualTo(option);
        assertThat(AwsClients.endpoint(null, "KINESIS", env)).hasToString("http://127.0.0.1:2");
        assertThat(AwsClients.endpoint(null, "S3", env)).hasToString("http://127.0.0.1:3");
        assertThat(AwsClients.endpoint(null, "S3", Map.of("AWS_ENDPOINT_URL", " "))).isNull();
    }

    @Test
    void withoutOverrideTheRegionalEndpointIsUsed() {
        try (KinesisClient kinesis = AwsClients.kinesis(null, Region.US_EAST_1)) {
            assertThat(kinesis.serviceClientConfiguration().endpointOverride()).isEmpty();
        }
    }

    @Test
    void explicitCredentialsWin() {
        AnonymousCredentialsProvider explicit = AnonymousCredentialsProvider.create();
        assertThat(AwsClients.credentials(URI.create("http://127.0.0.1:1"), explicit)).isSameAs(explicit);
        assertThat(AwsClients.credentials(null, explicit)).isSameAs(explicit);
    }

    @Test
    void loopbackEndpointsGetDummyCredentialsWithoutAskingTheDefaultChain() {
        for (String endpoint : List.of("http://127.0.0.1:4567", "http://localhost:4566", "http://[::1]:4567")) {
            assertThat(AwsClients.credentials(URI.create(endpoint), null))
                    .as(endpoint).isInstanceOf(StaticCredentialsProvider.class);
        }
    }

    @Test
    void otherOverridesUseTheDefaultChainWithADummyFallbackAndAwsUsesTheDefaultChain() {
        assertThat(AwsClients.credentials(URI.create("http://localstack.internal:4566"), null))
                .isInstanceOf(AwsCredentialsProviderChain.class);
        assertThat(AwsClients.credentials(null, null)).isInstanceOf(DefaultCredentialsProvider.class);
    }
}
