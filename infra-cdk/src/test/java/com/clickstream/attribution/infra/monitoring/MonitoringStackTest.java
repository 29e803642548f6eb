package com.clickstream.attribution.infra.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class MonitoringStackTest {

    private static Template template;
    private static InfraTestApp app;

    @BeforeAll
    static void synth() {
        app = InfraTestApp.get();
        template = app.template(app.stacks().monitoring());
    }

    @Test
    void iteratorAgeAlarmPerStream() {
        for (String stream : List.of("Clicks", "Checkouts")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", "clickstream-IteratorAge" + stream,
                    "MetricName", "GetRecords.IteratorAgeMilliseconds",
                    "Namespace", "AWS/Kinesis",
                    "Statistic", "Maximum",
                    "Threshold", (double) app.settings().iteratorAgeThreshold().toMillis())));
        }
    }

    @Test
    void firehoseDeliveryFailureAndStalenessAlarmsPerDeliveryStream() {
        for (String stream : List.of("clicks", "checkouts")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "MetricName", "DeliveryToS3.Success",
                    "ComparisonOperator", "LessThanThreshold",
                    "Threshold", 1,
                    "Dimensions", List.of(Map.of("Name", "DeliveryStreamName", "Value", "clickstream-" + stream + "-to-s3")))));
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "MetricName", "DeliveryToS3.DataFreshness",
                    "Threshold", 900,
                    "Dimensions", List.of(Map.of("Name", "DeliveryStreamName", "Value", "clickstream-" + stream + "-to-s3")))));
        }
    }

    @Test
    void glueJobFailuresAreCaughtByAnEventRuleAndAlarmed() {
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "Name", "clickstream-streaming-job-failed",
                "EventPattern", Match.objectLike(Map.of(
                        "source", List.of("aws.glue"),
                        "detail", Map.of("jobName", List.of("clickstream-streaming-attribution"),
                                "state", List.of("FAILED", "TIMEOUT", "ERROR")))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "clickstream-" + PipelineAlarms.GLUE_JOB_FAILED,
                "MetricName", "TriggeredRules",
                "Dimensions", List.of(Map.of("Name", "RuleName", "Value", Match.anyValue())))));
    }

    @Test
    void reconcilerNonZeroExitOrFailedStartIsAlarmed() {
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "Name", "clickstream-reconciler-failed",
                "EventPattern", Match.objectLike(Map.of(
                        "source", List.of("aws.ecs"),
                        "detail", Match.objectLike(Map.of(
                                "lastStatus", List.of("STOPPED"),
                                "$or", List.of(
                                        Map.of("containers", Map.of("exitCode", List.of(Map.of("anything-but", List.of(0, 3))))),
                                        Map.of("stopCode", List.of("TaskFailedToStart"))))))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "clickstream-" + PipelineAlarms.RECONCILER_FAILED, "MetricName", "TriggeredRules")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "clickstream-" + PipelineAlarms.RECONCILER_NOT_STARTED, "MetricName", "FailedInvocations")));
    }

    @Test
    void correctionRateAboveTheThresholdIsAlarmed() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", PipelineMetrics.NAMESPACE,
                "MetricName", PipelineMetrics.CORRECTION_RATE,
                "ComparisonOperator", "GreaterThanThreshold",
                "Threshold", app.settings().correctionRateThresholdPercent())));
    }

    @Test
    void anySkippedRawObjectIsAlarmed() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "clickstream-" + PipelineAlarms.RAW_OBJECTS_SKIPPED,
                "Namespace", PipelineMetrics.NAMESPACE,
                "MetricName", PipelineMetrics.SKIPPED_RAW_OBJECTS,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "Threshold", 1)));
    }

    @Test
    void databaseCpuAndStorageAreAlarmed() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/RDS", "MetricName", "CPUUtilization", "Threshold", 80, "EvaluationPeriods", 3)));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/RDS", "MetricName", "FreeStorageSpace",
                "ComparisonOperator", "LessThanThreshold",
                "Threshold", app.settings().dbAllocatedStorageGiB() * 0.1 * 1024 * 1024 * 1024)));
    }

    @Test
    void everyAlarmNotifiesTheAlertsTopicAndLinksTheRunbook() {
        var alarms = Cfn.resources(template, "AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSize(14);
        alarms.values().stream().map(Cfn::properties).forEach(p -> {
            assertThat(Cfn.list(p.get("AlarmActions"))).hasSize(1);
            assertThat(String.valueOf(p.get("AlarmActions"))).contains("Alerts");
            assertThat((String) p.get("AlarmDescription")).contains("docs/operations.md#");
            assertThat(p.get("TreatMissingData")).isEqualTo("notBreaching");
        });
    }

    @Test
    void everyAlarmHasItsSectionInTheRunbook() throws java.io.IOException {
        String runbook = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "operations.md"));
        java.util.regex.Pattern link = java.util.regex.Pattern.compile("docs/operations\\.md#(\\w+)");
        for (var alarm : Cfn.resources(template, "AWS::CloudWatch::Alarm").values()) {
            java.util.regex.Matcher m = link.matcher((String) Cfn.properties(alarm).get("AlarmDescription"));
            assertThat(m.find()).isTrue();
            assertThat(runbook).as("runbook anchor " + m.group(1)).contains("<a id=\"" + m.group(1) + "\"></a>");
        }
    }

    @Test
    void alertsTopicIsEncryptedTlsOnlyAndMailsTheOnCall() {
        template.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of("KmsMasterKeyId", Match.anyValue())));
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "oncall@example.com", "TopicArn", Match.anyValue()));
    }

    @Test
    void oneDashboardWithTheAlarmsOnIt() {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        String body = String.valueOf(Cfn.only(template, "AWS::CloudWatch::Dashboard").get("DashboardBody"));
        assertThat(body).contains("GetRecords.IteratorAgeMilliseconds").contains("DeliveryToS3.Records")
                .contains("glue.driver.streaming.numRecords").contains(PipelineMetrics.CORRECTION_RATE)
                .contains("CPUUtilization").contains("\"type\":\"alarm\"");
    }
}
