package com.clickstream.attribution.infra.processing;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.config.PipelineSettings;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.IFunction;
import com.clickstream.attribution.infra.database.AttributionDatabase;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * What computes: the Glue streaming job, the orchestrator and generator Lambdas with their rules, and
 * the scheduled reconciler task. Both the job and the reconciler may reach the database port; nothing
 * else may.
 */
public final class ProcessingStack extends Stack {

    /** Output names read by scripts/upload-glue-artifacts.sh and the docs. */
    public static final String JOB_JAR_OUTPUT = "GlueJobJarUri";
    public static final String CONNECTOR_JAR_OUTPUT = "KinesisConnectorJarUri";
    public static final String PLACEHOLDER_OUTPUT = "GlueScriptPlaceholderUri";
    public static final String ORCHESTRATOR_OUTPUT = "OrchestratorFunctionName";

    /** What processing needs from the network, data and database stacks. */
    public record Props(StackProps stack, PipelineSettings settings, IVpc vpc, IKey key, Map<EventType, IStream> streams,
                        IBucket raw, IBucket scripts, IBucket checkpoints, ISecurityGroup databaseSecurityGroup,
                        ISecret dbSecret, String jdbcUrl) {
    }

    private final StreamingAttributionJob job;
    private final PipelineFunctions functions;
    private final ReconcilerTask reconciler;

    public ProcessingStack(Construct scope, String id, Props props) {
        super(scope, id, props.stack());
        PipelineSettings settings = props.settings();
        ISecret dbSecret = SecretAccess.importSecret(this, "DatabaseSecret", props.dbSecret());
        this.job = new StreamingAttributionJob(this, "StreamingJob", settings, new StreamingAttributionJob.Inputs(
                props.vpc(), props.key(), new EnumMap<>(props.streams()), props.scripts(), props.checkpoints(),
                dbSecret, props.jdbcUrl()));
        this.functions = new PipelineFunctions(this, "Functions", settings, job, props.streams());
        this.reconciler = new ReconcilerTask(this, "Reconciler", settings, new ReconcilerTask.Inputs(
                props.vpc(), props.raw(), props.key(), dbSecret, props.jdbcUrl()));

        // The database's ingress rules live HERE: the database stack must not depend on this one.
        allowToDatabase("GlueJobToDatabase", job.getSecurityGroup(), props.databaseSecurityGroup(), "Glue streaming job");
        allowToDatabase("ReconcilerToDatabase", reconciler.getSecurityGroup(), props.databaseSecurityGroup(), "Reconciler task");

        CfnOutput.Builder.create(this, JOB_JAR_OUTPUT).value(job.getJobJarUri())
                .description("Upload glue-streaming-job-*-glue.jar here").build();
        CfnOutput.Builder.create(this, CONNECTOR_JAR_OUTPUT).value(job.getConnectorJarUri())
                .description("Upload the awslabs spark-sql-kinesis-connector jar here").build();
        CfnOutput.Builder.create(this, PLACEHOLDER_OUTPUT).value(job.getPlaceholderScriptUri())
                .description("Upload infra-cdk/glue/placeholder.scala here").build();
        CfnOutput.Builder.create(this, "StreamingJobName").value(job.getJobName()).build();
        CfnOutput.Builder.create(this, ORCHESTRATOR_OUTPUT).value(functions.getOrchestrator().getFunctionName()).build();
        CfnOutput.Builder.create(this, "GeneratorRuleName").value(functions.getGeneratorRule().getRuleName()).build();
        CfnOutput.Builder.create(this, "KeepAliveRuleName").value(functions.getKeepAliveRule().getRuleName()).build();
    }

    private void allowToDatabase(String id, ISecurityGroup from, ISecurityGroup database, String who) {
        CfnSecurityGroupIngress.Builder.create(this, id)
                .groupId(database.getSecurityGroupId())
                .sourceSecurityGroupId(from.getSecurityGroupId())
                .ipProtocol("tcp")
                .fromPort(AttributionDatabase.PORT)
                .toPort(AttributionDatabase.PORT)
                .description(who + " to PostgreSQL")
                .build();
    }

    public String getStreamingJobName() {
        return job.getJobName();
    }

    public IFunction getOrchestrator() {
        return functions.getOrchestrator();
    }

    public IFunction getGenerator() {
        return functions.getGenerator();
    }

    public ICluster getReconcilerCluster() {
        return reconciler.getCluster();
    }

    public ReconcilerTask getReconciler() {
        return reconciler;
    }
}
