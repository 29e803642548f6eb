package com.clickstream.attribution.infra.processing;

import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.monitoring.PipelineMetrics;
import com.clickstream.attribution.infra.nag.Nag;
import com.clickstream.attribution.infra.network.PrivateNetwork;
import com.clickstream.attribution.rawstore.curated.CuratedLayout;
import com.clickstream.attribution.report.ReportLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.EcsTask;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The nightly reconciler: the batch-reconciler image (built from its Dockerfile by CDK at deploy time;
 * only staged at synth) as a Fargate task in the private subnets, started by an EventBridge cron
 * rule. The container runs one reconciliation over its default range and exits; its exit code is
 * what the monitoring stack's "reconciler failed" rule watches.
 *
 * <p>Configuration reaches Spring Boot through environment variables (relaxed binding):
 * {@code SPRING_DATASOURCE_URL/USERNAME/PASSWORD} (the two credentials injected from the secret by
 * ECS, never in the task definition; docs/reconciler.md says why not Spring Cloud AWS's
 * {@code aws-secretsmanager:} import), {@code RECONCILER_S3_BUCKET}, {@code SPRING_CLOUD_AWS_REGION_STATIC}
 * (region of the Spring Cloud AWS clients: S3 and CloudWatch), {@code MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE}
 * (switches the CloudWatch meter registry on), {@code RECONCILER_MODE=once}; no endpoint and no keys, so the clients
 * use AWS and the task role. The job parameters {@code --window} and {@code --lateness} are the same settings the
 * streaming job gets.
 */
public final class ReconcilerTask extends Construct {

    public static final String CONTAINER_NAME = "reconciler";
    /** Only these files of batch-reconciler/ go into the Docker build context. */
    public static final List<String> IMAGE_CONTEXT_EXCLUDES = List.of("*", "!Dockerfile", "!target/batch-reconciler-*-SNAPSHOT-exec.jar");

    /** The objects the task may write and delete: the curated dataset ({@link CuratedLayout}), nothing else. */
    public static final String CURATED_OBJECTS = CuratedLayout.PREFIX + "*";
    public static final String REPORT_OBJECTS = ReportLayout.PREFIX + "*";

    /** What the task reads and writes. */
    public record Inputs(IVpc vpc, IBucket raw, IKey key, ISecret dbSecret, String jdbcUrl) {
    }

    private final Cluster cluster;
    private final FargateTaskDefinition taskDefinition;
    private final SecurityGroup securityGroup;
    private final Rule schedule;
    private final LogGroup logs;

    public ReconcilerTask(Construct scope, String id, PipelineSettings settings, Inputs in) {
        super(scope, id);
        this.cluster = Cluster.Builder.create(this, "Cluster")
                .clusterName(settings.name("reconciler"))
                .vpc(in.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        this.taskDefinition = FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                .family(settings.name("reconciler"))
                .cpu(settings.reconcilerCpu())
                .memoryLimitMiB(settings.reconcilerMemoryMiB())
                .ephemeralStorageGiB(50) // per-bucket spill files of the partitioned recompute
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .build();
        this.logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("RECONCILER_MODE", "once");
        environment.put("RECONCILER_S3_BUCKET", in.raw().getBucketName());
        environment.put("SPRING_CLOUD_AWS_REGION_STATIC", software.amazon.awscdk.Stack.of(this).getRegion());
        environment.put("RECONCILER_WORK_DIR", "/tmp/reconciler");
        environment.put("MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE", PipelineMetrics.NAMESPACE);
        environment.put("SPRING_DATASOURCE_URL", in.jdbcUrl());
        taskDefinition.addContainer(CONTAINER_NAME, ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromAsset(settings.inRepo(settings.reconcilerImageDir()).toAbsolutePath().toString(),
                        AssetImageProps.builder()
                                .exclude(IMAGE_CONTEXT_EXCLUDES)
                                .ignoreMode(IgnoreMode.DOCKER)
                                .build()))
                .essential(true)
                .command(List.of(
                        "--window=" + PipelineSettings.text(settings.attributionWindow()),
                        "--lateness=" + PipelineSettings.text(settings.allowedLateness())))
                .environment(environment)
                .secrets(Map.of(
                        "SPRING_DATASOURCE_USERNAME", Secret.fromSecretsManager(in.dbSecret(), "username"),
                        "SPRING_DATASOURCE_PASSWORD", Secret.fromSecretsManager(in.dbSecret(), "password")))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("reconciler").build()))
                .build());

        SecretAccess.allowDecryptThroughSecretsManager(this, taskDefinition.obtainExecutionRole(), in.key());
        in.raw().grantRead(taskDefinition.getTaskRole());
        in.key().grantDecrypt(taskDefinition.getTaskRole());
        // The recompute writes the curated dataset and retention deletes superseded runs: curated/ only,
        // the raw events stay read-only. (Writing SSE-KMS objects adds GenerateDataKey on the key.)
        in.raw().grantPut(taskDefinition.getTaskRole(), CURATED_OBJECTS);
        in.raw().grantDelete(taskDefinition.getTaskRole(), CURATED_OBJECTS);
        // After each run it writes the run report (reports/run-<id>.html and reports/latest.html): put only.
        in.raw().grantPut(taskDefinition.getTaskRole(), REPORT_OBJECTS);
        taskDefinition.getTaskRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PublishReconcilerMetrics")
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", PipelineMetrics.NAMESPACE)))
                .build());

        this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(in.vpc())
                .description("Reconciler task: egress to RDS and the VPC endpoints only (no ingress)")
                .allowAllOutbound(true)
                .build();

        this.schedule = Rule.Builder.create(this, "Schedule")
                .ruleName(settings.name("reconciler-nightly"))
                .description("Nightly reconciliation of the last days against the raw events (cron in UTC)")
                .schedule(Schedule.expression("cron(" + settings.reconcilerSchedule() + ")"))
                .targets(List.of(EcsTask.Builder.create()
                        .cluster(cluster)
                        .taskDefinition(taskDefinition)
                        .taskCount(1)
                        .launchType(software.amazon.awscdk.services.ecs.LaunchType.FARGATE)
                        .platformVersion(FargatePlatformVersion.LATEST)
                        .subnetSelection(PrivateNetwork.privateSubnets())
                        .securityGroups(List.of(securityGroup))
                        .assignPublicIp(false)
                        .retryAttempts(2)
                        .build()))
                .build();

        Nag.suppress(taskDefinition, "AwsSolutions-ECS2",
                "The environment holds only non-secret settings (bucket name, region, JDBC URL without credentials, mode); "
                        + "the database username and password are injected from Secrets Manager through 'secrets'.");
        Nag.suppressFindings(taskDefinition, "AwsSolutions-IAM5",
                "The reconciler reads every raw object (raw/<type>/dt=/hour=/ over its lookback) and lists the bucket, "
                        + "and writes and deletes its runs' files under curated/ (run ids are not known in advance), and puts its "
                        + "run reports under reports/; "
                        + "PutMetricData has no resource ARN and is limited to the pipeline's metric namespace; EventBridge's "
                        + "role tags the tasks it starts in the reconciler cluster, whose ids are not known in advance.",
                "Resource::*", "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*",
                "Action::s3:DeleteObject*", "Action::s3:Abort*",
                "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*",
                "regex:/^Resource::.*Raw.*Arn.*\\/\\*$/g",
                // EventBridge's role tags the tasks it starts in this cluster (task ids are not known in advance)
                "regex:/^Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:\\*:task\\/<.*Cluster.*>\\/\\*$/g");
    }

    public Cluster getCluster() {
        return cluster;
    }

    public FargateTaskDefinition getTaskDefinition() {
        return taskDefinition;
    }

    public SecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    public Rule getSchedule() {
        return schedule;
    }

    public LogGroup getLogs() {
        return logs;
    }
}
