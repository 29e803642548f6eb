package com.clickstream.attribution.infra.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import com.clickstream.attribution.infra.monitoring.PipelineMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class FunctionsAndScheduleTest {

    private static Template template;

    @BeforeAll
    static void synth() {
        InfraTestApp app = InfraTestApp.get();
        template = app.template(app.stacks().processing());
        System.out.println("[infra-cdk tests] Lambda code: " + app.lambdaJars());
    }

    @Test
    void orchestratorRunsTheGlueJobOrchestratorOnJava17WithTheJobName() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "clickstream-orchestrator",
                "Handler", "com.clickstream.attribution.stream.orchestrator.GlueJobOrchestrator::handleRequest",
                "Runtime", "java17",
                "Environment", Map.of("Variables", Map.of("GLUE_JOB_NAME", "clickstream-streaming-attribution")))));
    }

    @Test
    void orchestratorMayOnlyDriveItsOwnJob() {
        List<Map<String, Object>> glue = Cfn.iamStatements(template).stream()
                .filter(s -> Cfn.list(s.get("Action")).contains("glue:StartJobRun"))
                .toList();
        assertThat(glue).hasSize(1);
        assertThat(Cfn.list(glue.get(0).get("Action"))).containsExactlyInAnyOrder(
                "glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun", "glue:GetJob");
        assertThat(String.valueOf(glue.get(0).get("Resource"))).endsWith(":job/clickstream-streaming-attribution]]}");
    }

    @Test
    void generatorSendsBurstsToBothStreams() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "clickstream-generator",
                "Handler", "com.clickstream.attribution.generator.lambda.GeneratorLambda::handleRequest",
                "Runtime", "java17",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "CLICKS_STREAM", Match.anyValue(),
                        "CHECKOUTS_STREAM", Match.anyValue(),
                        "BURST_EVENTS", "1000",
                        "BURST_SPAN", "1m",
                        "SEED", "42"))))));
    }

    @Test
    void generatorRuleIsDisabledByDefault() {
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "Name", "clickstream-generator-every-minute",
                "ScheduleExpression", "rate(1 minute)",
                "State", "DISABLED")));
    }

    @Test
    void keepAliveRuleStartsTheJobOnlyWhenSwitchedOn() {
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "Name", "clickstream-streaming-keep-alive",
                "ScheduleExpression", "rate(10 minutes)",
                "State", "DISABLED",
                "Targets", List.of(Match.objectLike(Map.of("Input", "{\"action\":\"start\"}"))))));
    }

    @Test
    void everyFunctionHasItsOwnLogGroupWithRetentionAndNoManagedPolicy() {
        template.resourceCountIs("AWS::Lambda::Function", 2);
        for (String name : List.of("clickstream-orchestrator", "clickstream-generator")) {
            template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/aws/lambda/" + name, "RetentionInDays", 30));
        }
        Cfn.resources(template, "AWS::IAM::Role").values()
                .forEach(r -> assertThat(Cfn.properties(r).get("ManagedPolicyArns")).isNull());
    }

    @Test
    void reconcilerIsANightlyFargateTaskInThePrivateSubnets() {
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "Name", "clickstream-reconciler-nightly",
                "ScheduleExpression", "cron(30 2 * * ? *)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of("EcsParameters", Match.objectLike(Map.of(
                        "LaunchType", "FARGATE",
                        "TaskCount", 1,
                        "NetworkConfiguration", Map.of("AwsVpcConfiguration", Match.objectLike(Map.of(
                                "AssignPublicIp", "DISABLED")))))))))));
        template.hasResourceProperties("AWS::ECS::Cluster", Match.objectLike(Map.of(
                "ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled")))));
    }

    @Test
    void reconcilerGetsTheDatabaseCredentialsAsSecretsNotEnvironment() {
        Map<String, Object> task = Cfn.only(template, "AWS::ECS::TaskDefinition");
        assertThat(task.get("RequiresCompatibilities")).isEqualTo(List.of("FARGATE"));
        Object container = Cfn.list(task.get("ContainerDefinitions")).get(0);
        List<Object> secrets = Cfn.list(Cfn.path(container, "Secrets"));
        assertThat(secrets).extracting(s -> Cfn.path(s, "Name"))
                .containsExactlyInAnyOrder("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
        assertThat(secrets).allSatisfy(s -> assertThat(String.valueOf(Cfn.path(s, "ValueFrom")))
                .matches(".*:(username|password)::.*"));
        List<Object> env = Cfn.list(Cfn.path(container, "Environment"));
        assertThat(env).extracting(e -> Cfn.path(e, "Name")).contains("SPRING_DATASOURCE_URL", "RECONCILER_S3_BUCKET",
                "SPRING_CLOUD_AWS_REGION_STATIC", "RECONCILER_MODE", "MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE")
                .noneMatch(n -> String.valueOf(n).contains("PASSWORD"));
        // the namespace switches on the reconciler's CloudWatch meter registry; the alarms read this namespace
        assertThat(env).filteredOn(e -> "MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE".equals(Cfn.path(e, "Name")))
                .extracting(e -> Cfn.path(e, "Value")).containsExactly(PipelineMetrics.NAMESPACE);
        // no endpoint override and no static keys in AWS: the clients use AWS's endpoints and the task role
        assertThat(env).extracting(e -> String.valueOf(Cfn.path(e, "Name")))
                .noneMatch(n -> n.contains("ENDPOINT") || n.contains("ACCESS_KEY") || n.contains("SECRET_KEY"));
        assertThat(Cfn.list(Cfn.path(container, "Command"))).containsExactly("--window=1h", "--lateness=5m");
        assertThat(Cfn.path(container, "LogConfiguration", "LogDriver")).isEqualTo("awslogs");
    }

    @Test
    void reconcilerImageIsBuiltFromTheModulesDockerfileWithOnlyTheBootJarInTheContext() {
        assertThat(ReconcilerTask.IMAGE_CONTEXT_EXCLUDES).startsWith("*").contains("!Dockerfile");
        Object image = Cfn.path(Cfn.list(Cfn.path(Cfn.only(template, "AWS::ECS::TaskDefinition"), "ContainerDefinitions")).get(0), "Image");
        assertThat(String.valueOf(image)).contains("cdk-hnb659fds-container-assets");
    }

    @Test
    void reconcilerMayPublishMetricsOnlyIntoThePipelineNamespace() {
        var putMetric = Cfn.iamStatements(template).stream()
                .filter(s -> Cfn.list(s.get("Action")).contains("cloudwatch:PutMetricData"))
                .toList();
        assertThat(putMetric).hasSize(2).allSatisfy(s -> assertThat(s.get("Condition")).isNotNull());
        assertThat(putMetric).anySatisfy(s -> assertThat(String.valueOf(s.get("Condition"))).contains("ClickstreamAttribution"));
    }
}
