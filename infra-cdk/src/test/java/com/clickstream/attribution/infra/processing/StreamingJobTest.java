package com.clickstream.attribution.infra.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class StreamingJobTest {

    private static Template template;
    private static Map<String, Object> job;

    @BeforeAll
    static void synth() {
        InfraTestApp app = InfraTestApp.get();
        template = app.template(app.stacks().processing());
        job = Cfn.only(template, "AWS::Glue::Job");
    }

    @Test
    void glue5StreamingJobRunsTheJavaMainClassFromTheJar() {
        assertThat(job.get("GlueVersion")).isEqualTo("5.0");
        assertThat(Cfn.path(job, "Command", "Name")).isEqualTo("gluestreaming");
        assertThat(argument("--job-language")).isEqualTo("scala");
        assertThat(argument("--class")).isEqualTo("com.clickstream.attribution.stream.job.StreamingAttributionJob");
        assertThat(argument("--extra-jars")).contains(StreamingAttributionJob.JOB_JAR_KEY)
                .contains("/jars/spark-streaming-sql-kinesis-connector_2.12-");
        assertThat(String.valueOf(Cfn.path(job, "Command", "ScriptLocation"))).contains(StreamingAttributionJob.PLACEHOLDER_SCRIPT_KEY);
        assertThat(Cfn.path(job, "ExecutionProperty", "MaxConcurrentRuns")).isEqualTo(1);
        assertThat(job.get("WorkerType")).isEqualTo("G.1X");
        assertThat(job.get("NumberOfWorkers")).isEqualTo(2);
    }

    @Test
    void jobArgumentsCarryTheSharedSettings() {
        assertThat(argument("--attribution_window")).isEqualTo(Durations.format(AttributionWindow.DEFAULT_LENGTH));
        assertThat(argument("--allowed_lateness")).isEqualTo("5m");
        assertThat(argument("--trigger_interval")).isEqualTo("5s");
        assertThat(argument("--state_store")).isEqualTo("rocksdb");
        assertThat(argument("--source")).isEqualTo("aws-kinesis");
        assertThat(argument("--runtime")).isEqualTo("glue");
        assertThat(argument("--starting_position")).isEqualTo("TRIM_HORIZON");
        assertThat(argument("--clicks_stream")).contains("Clicks");
        assertThat(argument("--checkouts_stream")).contains("Checkouts");
        assertThat(argument("--checkpoint_location")).startsWith("{\"Fn::Join").contains("/checkpoints/streaming-attribution/");
        assertThat(argument("--jdbc_url")).contains("jdbc:postgresql://").contains("/attribution?sslmode=require");
        assertThat(argument("--db_secret_id")).isNotBlank();
        assertThat(arguments()).doesNotContainKey("--kinesis_endpoint");
    }

    @Test
    void everyJobArgumentTheStackSetsIsDeclaredOnce() {
        for (String name : StreamingJobArguments.ALL) {
            assertThat(arguments()).containsKey("--" + name);
        }
    }

    @Test
    void theJobRunsInThePrivateSubnetsThroughANetworkConnection() {
        template.hasResourceProperties("AWS::Glue::Connection", Match.objectLike(Map.of(
                "ConnectionInput", Match.objectLike(Map.of(
                        "ConnectionType", "NETWORK",
                        "PhysicalConnectionRequirements", Match.objectLike(Map.of(
                                "SubnetId", Match.anyValue(),
                                "AvailabilityZone", Match.anyValue(),
                                "SecurityGroupIdList", Match.anyValue())))))));
        assertThat(Cfn.list(Cfn.path(job, "Connections", "Connections"))).containsExactly("clickstream-private-network");
        // Glue workers must reach each other: self-referencing ingress, all TCP
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
                "IpProtocol", "tcp", "FromPort", 0, "ToPort", 65535,
                "Description", "Glue workers to each other")));
    }

    @Test
    void logsOutputAndBookmarksAreEncryptedWithThePipelineKey() {
        assertThat(job.get("SecurityConfiguration")).isEqualTo("clickstream-streaming-job-encryption");
        template.hasResourceProperties("AWS::Glue::SecurityConfiguration", Match.objectLike(Map.of(
                "EncryptionConfiguration", Match.objectLike(Map.of(
                        "CloudWatchEncryption", Match.objectLike(Map.of("CloudWatchEncryptionMode", "SSE-KMS")),
                        "JobBookmarksEncryption", Match.objectLike(Map.of("JobBookmarksEncryptionMode", "CSE-KMS")),
                        "S3Encryptions", List.of(Match.objectLike(Map.of("S3EncryptionMode", "SSE-KMS"))))))));
    }

    @Test
    void onlyTheJobAndTheReconcilerReachThePostgresPort() {
        var toDatabase = Cfn.resources(template, "AWS::EC2::SecurityGroupIngress").values().stream().map(Cfn::properties)
                .filter(p -> Integer.valueOf(5532).equals(p.get("FromPort")))
                .toList();
        assertThat(toDatabase).hasSize(2).allSatisfy(p -> {
            assertThat(p.get("ToPort")).isEqualTo(5532);
            assertThat(p.get("SourceSecurityGroupId")).isNotNull();
            assertThat(p.get("CidrIp")).isNull();
        });
    }

    private static String argument(String key) {
        Object value = arguments().get(key);
        return value instanceof String s ? s : String.valueOf(value == null ? null : toJson(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments() {
        return (Map<String, Object>) job.get("DefaultArguments");
    }

    private static String toJson(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
