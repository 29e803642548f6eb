package com.clickstream.attribution.generator.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

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
