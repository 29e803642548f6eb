package com.clickstream.attribution.infra.ci;

import com.clickstream.attribution.infra.config.PipelineSettings;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/** CI/CD: the CodeBuild project with the GitHub webhook. Made only when context githubRepository is set. */
public final class CiStack extends Stack {

    /** The repository to build, the bucket the jars go to, the key CodeBuild encrypts artifacts with. */
    public record Props(StackProps stack, PipelineSettings settings, GitHubRepository repository, IBucket scripts, IKey key) {
    }

    private final BuildProject build;

    public CiStack(Construct scope, String id, Props props) {
        super(scope, id, props.stack());
        this.build = new BuildProject(this, "Build", props.settings(), props.repository(), props.scripts(), props.key());
        CfnOutput.Builder.create(this, "BuildProjectName").value(build.getProject().getProjectName()).build();
    }

    public BuildProject getBuild() {
        return build;
    }
}
