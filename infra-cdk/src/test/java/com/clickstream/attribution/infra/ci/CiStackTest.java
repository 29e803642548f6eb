package com.clickstream.attribution.infra.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class CiStackTest {

    private static Template template;

    @BeforeAll
    static void synth() {
        InfraTestApp app = InfraTestApp.get();
        template = app.template(app.stacks().ci().orElseThrow());
    }

    @Test
    void buildsTheGitHubRepositoryFromContextWithItsBuildspec() {
        template.hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of(
                "Source", Match.objectLike(Map.of(
                        "Type", "GITHUB",
                        "Location", InfraTestApp.GITHUB_REPOSITORY + ".git",
                        "ReportBuildStatus", true)))));
        Map<String, Object> project = Cfn.only(template, "AWS::CodeBuild::Project");
        // BuildSpec.fromSourceFilename: CloudFormation gets the file name, CodeBuild reads it from the checkout
        assertThat(Cfn.path(project, "Source", "BuildSpec")).isEqualTo(BuildProject.BUILDSPEC);
    }

    @Test
    void webhookBuildsPushesToTheBranchAndPullRequests() {
        Map<String, Object> project = Cfn.only(template, "AWS::CodeBuild::Project");
        assertThat(Cfn.path(project, "Triggers", "Webhook")).isEqualTo(true);
        String groups = String.valueOf(Cfn.path(project, "Triggers", "FilterGroups"));
        assertThat(groups).contains("PUSH").contains("refs/heads/main").contains("PULL_REQUEST_CREATED");
    }

    @Test
    void deployIsSwitchedOffUntilTheApprovalVariableIsSet() {
        template.hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of(
                "Environment", Match.objectLike(Map.of(
                        "Image", "aws/codebuild/standard:7.0",
                        "PrivilegedMode", true,
                        "EnvironmentVariables", Match.arrayWith(List.of(Map.of(
                                "Name", BuildProject.DEPLOY_SWITCH, "Type", "PLAINTEXT", "Value", "false"))))),
                "EncryptionKey", Match.anyValue(),
                "TimeoutInMinutes", 90)));
    }

    @Test
    void theBuildDeploysOnlyThroughTheCdkBootstrapRoles() {
        var assume = Cfn.iamStatements(template).stream()
                .filter(s -> Cfn.list(s.get("Action")).contains("sts:AssumeRole")).toList();
        assertThat(assume).hasSize(1);
        assertThat(String.valueOf(assume.get(0).get("Resource"))).contains(":role/cdk-hnb659fds-*-");
        Cfn.iamStatements(template).forEach(s -> assertThat(Cfn.list(s.get("Action")))
                .noneMatch(a -> String.valueOf(a).startsWith("cloudformation:Create")
                        || String.valueOf(a).startsWith("iam:")));
    }

    @Test
    void repositoryUrlsParse() {
        assertThat(GitHubRepository.parse("https://github.com/acme/shop-events.git")).isEqualTo(new GitHubRepository("acme", "shop-events"));
        assertThat(GitHubRepository.parse("acme/shop-events")).isEqualTo(new GitHubRepository("acme", "shop-events"));
        assertThat(GitHubRepository.parse("git@github.com:acme/shop-events.git").url()).isEqualTo("https://github.com/acme/shop-events");
        assertThatThrownBy(() -> GitHubRepository.parse("https://gitlab.com/acme/x/y")).isInstanceOf(IllegalArgumentException.class);
    }
}
