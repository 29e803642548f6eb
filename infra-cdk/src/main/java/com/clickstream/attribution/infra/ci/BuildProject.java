package com.clickstream.attribution.infra.ci;

import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.nag.Nag;
import com.clickstream.attribution.infra.storage.DataBuckets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.Cache;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.EventAction;
import software.amazon.awscdk.services.codebuild.FilterGroup;
import software.amazon.awscdk.services.codebuild.GitHubSourceProps;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.LocalCacheMode;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
import software.amazon.awscdk.services.codebuild.Project;
import software.amazon.awscdk.services.codebuild.Source;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The CodeBuild project that runs {@code buildspec.yml} on every push to the deploy branch and every
 * pull request (GitHub webhook): build and test, synth, and — only when {@code DEPLOY_ENABLED=true}
 * on a push to the deploy branch — deploy and upload the Glue jars. It deploys through the CDK
 * bootstrap roles (it may only assume those), so its own role stays small.
 */
public final class BuildProject extends Construct {

    /** The approval switch: the build deploys only when this variable is "true" (default "false"). */
    public static final String DEPLOY_SWITCH = "DEPLOY_ENABLED";
    public static final String BUILDSPEC = "buildspec.yml";

    private final Project project;

    public BuildProject(Construct scope, String id, PipelineSettings settings, GitHubRepository repository,
                        IBucket scripts, IKey key) {
        super(scope, id);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Map<String, BuildEnvironmentVariable> env = new LinkedHashMap<>();
        env.put(DEPLOY_SWITCH, plain("false"));
        env.put("DEPLOY_BRANCH", plain(settings.githubBranch()));
        env.put("PIPELINE_PREFIX", plain(settings.prefix()));
        env.put("GITHUB_REPOSITORY_URL", plain(repository.url()));
        env.put("KINESIS_CONNECTOR_JAR", plain(settings.kinesisConnectorJar()));

        this.project = Project.Builder.create(this, "Project")
                .projectName(settings.name("build"))
                .description("Build, test, synth and (with " + DEPLOY_SWITCH + "=true) deploy the clickstream pipeline")
                .source(Source.gitHub(GitHubSourceProps.builder()
                        .owner(repository.owner())
                        .repo(repository.repo())
                        .webhook(true)
                        .webhookFilters(List.of(
                                FilterGroup.inEventOf(EventAction.PUSH).andBranchIs(settings.githubBranch()),
                                FilterGroup.inEventOf(EventAction.PULL_REQUEST_CREATED, EventAction.PULL_REQUEST_UPDATED,
                                        EventAction.PULL_REQUEST_REOPENED)))
                        .reportBuildStatus(true)
                        .build()))
                .buildSpec(BuildSpec.fromSourceFilename(BUILDSPEC))
                .environment(BuildEnvironment.builder()
                        .buildImage(LinuxBuildImage.STANDARD_7_0) // Ubuntu 22.04: Corretto 17, Node 20, Docker
                        .computeType(ComputeType.LARGE)
                        // cdk deploy builds the reconciler image (docker build) from batch-reconciler/Dockerfile
                        .privileged(true)
                        .build())
                .environmentVariables(env)
                .encryptionKey(key)
                .cache(Cache.local(LocalCacheMode.CUSTOM, LocalCacheMode.DOCKER_LAYER))
                .timeout(Duration.minutes(90))
                .logging(LoggingOptions.builder()
                        .cloudWatch(CloudWatchLoggingOptions.builder().logGroup(logs).build())
                        .build())
                .build();

        scripts.grantPut(project, DataBuckets.JARS_PREFIX + "*");
        project.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("DeployThroughTheCdkBootstrapRoles")
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of("arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID + ":role/cdk-hnb659fds-*-" + Aws.ACCOUNT_ID
                        + "-" + Aws.REGION))
                .build());
        project.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ReadThePipelineStackOutputs")
                .actions(List.of("cloudformation:DescribeStacks"))
                .resources(List.of("arn:" + Aws.PARTITION + ":cloudformation:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                        + ":stack/" + stackPrefix(settings) + "*/*"))
                .build());

        Nag.suppress(project, "AwsSolutions-CB3",
                "Privileged mode is needed because 'cdk deploy' builds the reconciler's container image with Docker "
                        + "(batch-reconciler/Dockerfile); the build runs only this repository's code.");
        Nag.suppressFindings(project, "AwsSolutions-IAM5",
                "The build uploads the Glue jars under jars/ of the scripts bucket, reads the outputs of this app's "
                        + "stacks (names start with the prefix) and deploys by assuming the CDK bootstrap roles, whose "
                        + "names end in a role type (deploy, file-publishing, image-publishing, lookup); CodeBuild's own "
                        + "log streams and report groups are named per build.",
                "Action::s3:Abort*", "Action::s3:PutObject*", "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*",
                "regex:/^Resource::.*Scripts.*Arn.*\\/jars\\/\\*$/g",
                "regex:/^Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role\\/cdk-hnb659fds-\\*-.*$/g",
                "regex:/^Resource::arn:<AWS::Partition>:cloudformation:.*:stack\\/.*\\*\\/\\*$/g",
                "regex:/^Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:\\/aws\\/codebuild\\/<.*>:\\*$/g",
                "regex:/^Resource::arn:<AWS::Partition>:codebuild:.*:report-group\\/.*\\*$/g",
                "regex:/^Resource::<.*Logs.*\\.Arn>:\\*$/g");
    }

    /** Stack names of this app start with the capitalised prefix (InfraApp). */
    static String stackPrefix(PipelineSettings settings) {
        return Character.toUpperCase(settings.prefix().charAt(0)) + settings.prefix().substring(1);
    }

    private static BuildEnvironmentVariable plain(String value) {
        return BuildEnvironmentVariable.builder().value(value).build();
    }

    public Project getProject() {
        return project;
    }
}
