package com.clickstream.attribution.stream.source;

import com.clickstream.attribution.support.aws.LoopbackEndpoints;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.stream.job.JobArguments;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KinesisSourceOptionsTest {

    @Test
    void quboleAgainstALocalServer() {
        JobArguments args = JobArguments.of(Map.of(JobArguments.KINESIS_ENDPOINT, "http://127.0.0.1:4567",
                JobArguments.MAX_RECORDS_PER_READ, "1000"));
        KinesisSourceOptions o = KinesisSourceOptions.forStream(args, "clicks");
        assertThat(o.format()).isEqualTo("kinesis");
        assertThat(o.options()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "streamName", "clicks",
                "endpointUrl", "http://127.0.0.1:4567",
                "regionName", "us-east-1",
                "startingposition", "TRIM_HORIZON",
                "kinesis.executor.maxRecordPerRead", "1000",
                "kinesis.client.numRetries", "10",
                "kinesis.client.retryIntervalMs", "500",
                "kinesis.client.maxRetryIntervalMs", "10000",
                "awsAccessKeyId", "local",
                "awsSecretKey", "local"));
    }

    @Test
    void quboleAgainstAwsUsesTheRegionalEndpointAndTheDefaultCredentialChain() {
        JobArguments args = JobArguments.of(Map.of(JobArguments.AWS_REGION, "eu-west-1"));
        Map<String, String> o = KinesisSourceOptions.forStream(args, "clicks").options();
        assertThat(o).containsEntry("endpointUrl", "https://kinesis.eu-west-1.amazonaws.com")
                .doesNotContainKeys("awsAccessKeyId", "awsSecretKey");
    }

    @Test
    void awslabsConnectorOnGlue() {
        JobArguments args = JobArguments.of(Map.of(JobArguments.RUNTIME, "glue",
                JobArguments.CHECKPOINT_LOCATION, "s3://c/p", JobArguments.AWS_REGION, "eu-central-1"));
        KinesisSourceOptions o = KinesisSourceOptions.forStream(args, "prod-checkouts");
        assertThat(o.kind()).isEqualTo(SourceKind.AWS_KINESIS);
        assertThat(o.format()).isEqualTo("aws-kinesis");
        assertThat(o.options()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kinesis.streamName", "prod-checkouts",
                "kinesis.endpointUrl", "https://kinesis.eu-central-1.amazonaws.com",
                "kinesis.region", "eu-central-1",
                "kinesis.startingPosition", "LATEST",
                "kinesis.consumerType", "GetRecords",
                "kinesis.clientNumRetries", "10",
                "kinesis.clientRetryIntervalsMs", "500",
                "kinesis.clientMaxRetryIntervalMs", "10000"));
    }

    @Test
    void onlyLiteralLoopbackAddressesCountAsLocal() {
        assertThat(LoopbackEndpoints.isLoopback(URI.create("http://127.0.0.1:4567"))).isTrue();
        assertThat(LoopbackEndpoints.isLoopback(URI.create("http://localhost:4567"))).isTrue();
        assertThat(LoopbackEndpoints.isLoopback(URI.create("https://kinesis.us-east-1.amazonaws.com"))).isFalse();
        assertThat(LoopbackEndpoints.isLoopback(URI.create("http://10.0.0.5:4567"))).isFalse();
    }
}
