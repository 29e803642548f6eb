package com.clickstream.attribution.infra.processing;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.nag.Nag;
import com.clickstream.attribution.infra.storage.DataBuckets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.glue.CfnConnection;
import software.amazon.awscdk.services.glue.CfnJob;
import software.amazon.awscdk.services.glue.CfnSecurityConfiguration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The Glue 5.0 streaming job that attributes checkouts within seconds: the Java jar of
 * glue-streaming-job run as a Scala-language Glue job ({@code --class} from {@code --extra-jars}),
 * with the awslabs Kinesis connector jar beside it, a NETWORK connection into the private subnets (to
 * reach RDS), a security configuration that encrypts its logs, S3 output and bookmarks with the
 * pipeline key, and its own least-privilege role.
 *
 * <p>The jars are not CDK assets: CodeBuild uploads them to the scripts bucket after deploying
 * ({@code infra-cdk/scripts/upload-glue-artifacts.sh}, reading the job's S3 URIs from the stack outputs).
 */
public final class StreamingAttributionJob extends Construct {

    /** Object keys in the scripts bucket; the upload script gets them from the stack outputs. */
    public static final String JOB_JAR_KEY = DataBuckets.JARS_PREFIX + "glue-streaming-job-glue.jar";
    /** Glue requires a script location even when {@code --class} comes from a jar; this file is a no-op. */
    public static final String PLACEHOLDER_SCRIPT_KEY = DataBuckets.JARS_PREFIX + "placeholder.scala";

    /** What the job reads and writes. */
    public record Inputs(IVpc vpc, IKey key, Map<EventType, IStream> streams, IBucket scripts, IBucket checkpoints,
                         ISecret dbSecret, String jdbcUrl) {
    }

    private final CfnJob job;
    private final SecurityGroup securityGroup;
    private final String jobName;
    private final String jobJarUri;
    private final String connectorJarUri;
    private final String placeholderUri;

    public StreamingAttributionJob(Construct scope, String id, PipelineSettings settings, Inputs in) {
        super(scope, id);
        this.jobName = settings.name("streaming-attribution");
        String region = Stack.of(this).getRegion();

        this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(in.vpc())
                .description("Glue streaming job ENIs (Glue needs all TCP between its own workers)")
                .allowAllOutbound(true)
                .build();
        // Glue's workers talk to each other on any port: a self-referencing rule is required.
        securityGroup.addIngressRule(securityGroup, Port.allTcp(),
                "Glue workers to each other");

        CfnConnection connection = CfnConnection.Builder.create(this, "Connection")
                .catalogId(Aws.ACCOUNT_ID)
                .connectionInput(CfnConnection.ConnectionInputProperty.builder()
                        .name(settings.name("private-network"))
                        .description("Places the streaming job's workers in the private subnets (RDS, VPC endpoints)")
                        .connectionType("NETWORK")
                        .physicalConnectionRequirements(CfnConnection.PhysicalConnectionRequirementsProperty.builder()
                                .subnetId(in.vpc().getIsolatedSubnets().get(0).getSubnetId())
                                .availabilityZone(in.vpc().getIsolatedSubnets().get(0).getAvailabilityZone())
                                .securityGroupIdList(List.of(securityGroup.getSecurityGroupId()))
                                .build())
                        .build())
                .build();

        CfnSecurityConfiguration security = CfnSecurityConfiguration.Builder.create(this, "SecurityConfiguration")
                .name(settings.name("streaming-job-encryption"))
                .encryptionConfiguration(CfnSecurityConfiguration.EncryptionConfigurationProperty.builder()
                        .s3Encryptions(List.of(CfnSecurityConfiguration.S3EncryptionProperty.builder()
                                .s3EncryptionMode("SSE-KMS").kmsKeyArn(in.key().getKeyArn()).build()))
                        .cloudWatchEncryption(CfnSecurityConfiguration.CloudWatchEncryptionProperty.builder()
                                .cloudWatchEncryptionMode("SSE-KMS").kmsKeyArn(in.key().getKeyArn()).build())
                        .jobBookmarksEncryption(CfnSecurityConfiguration.JobBookmarksEncryptionProperty.builder()
                                .jobBookmarksEncryptionMode("CSE-KMS").kmsKeyArn(in.key().getKeyArn()).build())
                        .build())
                .build();

        Role role = role(in, connection, region);

        this.jobJarUri = "s3://" + in.scripts().getBucketName() + "/" + JOB_JAR_KEY;
        this.connectorJarUri = "s3://" + in.scripts().getBucketName() + "/" + DataBuckets.JARS_PREFIX + settings.kinesisConnectorJar();
        this.placeholderUri = "s3://" + in.scripts().getBucketName() + "/" + PLACEHOLDER_SCRIPT_KEY;
        String checkpoints = "s3://" + in.checkpoints().getBucketName() + "/" + DataBuckets.CHECKPOINT_PREFIX + "streaming-attribution/";

        Map<String, String> arguments = new LinkedHashMap<>();
        // Glue's own arguments
        arguments.put("--job-language", "scala");
        arguments.put("--class", StreamingJobArguments.MAIN_CLASS);
        arguments.put("--extra-jars", jobJarUri + "," + connectorJarUri);
        arguments.put("--TempDir", "s3://" + in.checkpoints().getBucketName() + "/" + DataBuckets.GLUE_TEMP_PREFIX);
        arguments.put("--enable-metrics", "true");
        arguments.put("--enable-observability-metrics", "true");
        arguments.put("--enable-continuous-cloudwatch-log", "true");
        arguments.put("--enable-spark-ui", "false");
        arguments.put("--job-bookmark-option", "job-bookmark-disable"); // Spark checkpoints are the progress
        // the job's arguments (JobArguments in glue-streaming-job)
        arguments.put(arg(StreamingJobArguments.RUNTIME), StreamingJobArguments.RUNTIME_GLUE);
        arguments.put(arg(StreamingJobArguments.SOURCE), StreamingJobArguments.SOURCE_AWS_KINESIS);
        arguments.put(arg(StreamingJobArguments.CLICKS_STREAM), in.streams().get(EventType.CLICK).getStreamName());
        arguments.put(arg(StreamingJobArguments.CHECKOUTS_STREAM), in.streams().get(EventType.CHECKOUT).getStreamName());
        arguments.put(arg(StreamingJobArguments.AWS_REGION), region);
        arguments.put(arg(StreamingJobArguments.STARTING_POSITION), settings.startingPosition());
        arguments.put(arg(StreamingJobArguments.JDBC_URL), in.jdbcUrl());
        arguments.put(arg(StreamingJobArguments.DB_SECRET_ID), in.dbSecret().getSecretArn());
        arguments.put(arg(StreamingJobArguments.CHECKPOINT_LOCATION), checkpoints);
        arguments.put(arg(StreamingJobArguments.ATTRIBUTION_WINDOW), PipelineSettings.text(settings.attributionWindow()));
        arguments.put(arg(StreamingJobArguments.ALLOWED_LATENESS), PipelineSettings.text(settings.allowedLateness()));
        arguments.put(arg(StreamingJobArguments.TRIGGER_INTERVAL), PipelineSettings.text(settings.triggerInterval()));
        arguments.put(arg(StreamingJobArguments.STATE_STORE), StreamingJobArguments.STATE_STORE_ROCKSDB);

        this.job = CfnJob.Builder.create(this, "Job")
                .name(jobName)
                .description("Streaming first-click attribution: Kinesis clicks/checkouts -> PostgreSQL (exactly once)")
                .role(role.getRoleArn())
                .glueVersion("5.0")
                .workerType(settings.glueWorkerType())
                .numberOfWorkers(settings.glueWorkers())
                .command(CfnJob.JobCommandProperty.builder()
                        .name("gluestreaming")
                        .scriptLocation(placeholderUri)
                        .build())
                .defaultArguments(arguments)
                .connections(CfnJob.ConnectionsListProperty.builder()
                        .connections(List.of(settings.name("private-network"))).build())
                .securityConfiguration(security.getName())
                .executionProperty(CfnJob.ExecutionPropertyProperty.builder().maxConcurrentRuns(1).build())
                .maxRetries(0) // restarts are the orchestrator's decision (keep-alive rule), not a blind retry
                .build();
        job.addResourceDependency(connection);
        job.addResourceDependency(security);
        job.getNode().addDependency(role);
    }

    private Role role(Inputs in, CfnConnection connection, String region) {
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("glue.amazonaws.com"))
                .description("Glue streaming attribution job")
                .build();
        in.streams().values().forEach(s -> s.grantRead(role));
        in.scripts().grantRead(role, DataBuckets.JARS_PREFIX + "*");
        in.checkpoints().grantReadWrite(role, DataBuckets.CHECKPOINT_PREFIX + "*");
        in.checkpoints().grantReadWrite(role, DataBuckets.GLUE_TEMP_PREFIX + "*");
        in.dbSecret().grantRead(role);
        SecretAccess.allowDecryptThroughSecretsManager(this, role, in.key());
        in.key().grantEncryptDecrypt(role);
        String account = Aws.ACCOUNT_ID;
        String partition = Aws.PARTITION;
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadItsConnection")
                .actions(List.of("glue:GetConnection"))
                .resources(List.of(
                        "arn:" + partition + ":glue:" + region + ":" + account + ":catalog",
                        "arn:" + partition + ":glue:" + region + ":" + account + ":connection/" + connection.getRef()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("GlueWorkerNetworkInterfaces")
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
                        "ec2:DescribeVpcEndpoints", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
                        "ec2:DescribeRouteTables", "ec2:DescribeVpcAttribute", "ec2:DescribeVpcs", "ec2:DescribeDhcpOptions"))
                .resources(List.of("*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("TagGlueNetworkInterfaces")
                .actions(List.of("ec2:CreateTags", "ec2:DeleteTags"))
                .resources(List.of("arn:" + partition + ":ec2:" + region + ":" + account + ":network-interface/*"))
                .conditions(Map.of("ForAllValues:StringEquals", Map.of("aws:TagKeys", List.of("aws-glue-service-resource"))))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("GlueJobLogs")
                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"))
                .resources(List.of("arn:" + partition + ":logs:" + region + ":" + account + ":log-group:/aws-glue/*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("GlueJobMetrics")
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", "Glue")))
                .build());
        Nag.suppressFindings(role, "AwsSolutions-IAM5",
                "Glue creates the job's ENIs and tags itself: the EC2 Describe*/CreateNetworkInterface calls have no "
                        + "resource-level scope (tagging is limited to network interfaces with Glue's tag key); "
                        + "PutMetricData has no resource ARN and is limited to the Glue namespace; log groups are "
                        + "created by Glue under /aws-glue/*; object access is limited to the jars/, checkpoints/ "
                        + "and glue-temp/ prefixes, with the S3/KMS action families CDK grants for them.",
                "Resource::*",
                "regex:/^Resource::arn:<AWS::Partition>:ec2:.*:network-interface\\/\\*$/g",
                "regex:/^Resource::arn:<AWS::Partition>:logs:.*:log-group:\\/aws-glue\\/\\*$/g",
                "regex:/^Resource::.*(Scripts|Checkpoints).*Arn.*\\/(jars|checkpoints|glue-temp)\\/\\*$/g",
                "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*", "Action::s3:DeleteObject*",
                "Action::s3:PutObject*", "Action::s3:Abort*",
                "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*");
        return role;
    }

    private static String arg(String name) {
        return "--" + name;
    }

    public CfnJob getJob() {
        return job;
    }

    public String getJobName() {
        return jobName;
    }

    public SecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    public String getJobJarUri() {
        return jobJarUri;
    }

    public String getConnectorJarUri() {
        return connectorJarUri;
    }

    public String getPlaceholderScriptUri() {
        return placeholderUri;
    }

    /** ARN of the job, for the orchestrator's permissions. */
    public String jobArn() {
        return "arn:" + Aws.PARTITION + ":glue:" + Stack.of(this).getRegion() + ":" + Aws.ACCOUNT_ID + ":job/" + jobName;
    }
}
