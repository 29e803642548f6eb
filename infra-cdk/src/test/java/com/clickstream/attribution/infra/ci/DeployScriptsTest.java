package com.clickstream.attribution.infra.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.processing.ProcessingStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy scripts run for real with stand-ins for the tools that would reach AWS or the internet
 * ({@code aws}, {@code npm}, {@code curl}: small scripts on the PATH that record their arguments), so the
 * approval switch and the order deploy -> upload are checked without an account.
 */
class DeployScriptsTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;
    private Path calls;

    @BeforeEach
    void fakeTools() throws IOException {
        calls = tmp.resolve("calls.log");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        fake(bin, "aws", "");
        // cdk deploy writes the outputs file the upload step reads
        fake(bin, "npm", "for a in \"$@\"; do if [ \"$prev\" = --outputs-file ]; then mkdir -p \"$(dirname \"$a\")\";"
                + " cp \"$FAKE_OUTPUTS\" \"infra-cdk/$a\"; fi; prev=\"$a\"; done");
        // curl -o FILE URL: write a tiny zip header so the jar check passes
        fake(bin, "curl", "while [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then printf 'PK\\003\\004' > \"$2\"; shift; fi; shift; done");
    }

    @Test
    void withoutTheSwitchNothingIsDeployed() throws Exception {
        Result r = run("infra-cdk/scripts/deploy.sh", List.of(), Map.of());
        assertThat(r.exit).isZero();
        assertThat(r.output).contains("deploy: skipped (DEPLOY_ENABLED=unset");
        assertThat(calls).doesNotExist();
    }

    @Test
    void aPullRequestBuildIsNeverDeployedEvenWithTheSwitchOn() throws Exception {
        Result r = run("infra-cdk/scripts/deploy.sh", List.of(),
                Map.of("DEPLOY_ENABLED", "true", "CODEBUILD_WEBHOOK_TRIGGER", "pr/42"));
        assertThat(r.exit).isZero();
        assertThat(r.output).contains("deploy: skipped (pr/42 is not a push to main)");
        assertThat(calls).doesNotExist();
    }

    @Test
    void aFailedBuildIsNotDeployed() throws Exception {
        Result r = run("infra-cdk/scripts/deploy.sh", List.of(),
                Map.of("DEPLOY_ENABLED", "true", "CODEBUILD_BUILD_SUCCEEDING", "0"));
        assertThat(r.output).contains("deploy: skipped (the build failed)");
        assertThat(calls).doesNotExist();
    }

    @Test
    void aPushToMainWithTheSwitchOnFetchesDeploysThenUploadsToTheExportedUris() throws Exception {
        Path glueJar = Files.writeString(tmp.resolve("job-glue.jar"), "jar");
        Result r = run("infra-cdk/scripts/deploy.sh", List.of(), Map.of(
                "DEPLOY_ENABLED", "true",
                "CODEBUILD_WEBHOOK_TRIGGER", "branch/main",
                "GITHUB_REPOSITORY_URL", "https://github.com/acme/shop",
                "GLUE_JOB_JAR", glueJar.toString(),
                "FAKE_OUTPUTS", outputsFile().toString()));
        assertThat(r.exit).as(r.output).isZero();
        List<String> log = Files.readAllLines(calls);
        assertThat(log.get(0)).startsWith("curl ").endsWith("/" + PipelineSettings.DEFAULT_KINESIS_CONNECTOR_JAR);
        assertThat(log.get(1)).startsWith("npm --prefix infra-cdk run deploy -- -c prefix=clickstream "
                + "-c githubRepository=https://github.com/acme/shop --require-approval never --outputs-file target/cdk-outputs.json");
        assertThat(log.subList(2, 5)).containsExactly(
                "aws s3 cp --only-show-errors " + glueJar + " s3://scripts/jars/glue-streaming-job-glue.jar",
                "aws s3 cp --only-show-errors infra-cdk/target/glue-artifacts/" + PipelineSettings.DEFAULT_KINESIS_CONNECTOR_JAR
                        + " s3://scripts/jars/" + PipelineSettings.DEFAULT_KINESIS_CONNECTOR_JAR,
                "aws s3 cp --only-show-errors infra-cdk/glue/placeholder.scala s3://scripts/jars/placeholder.scala");
    }

    @Test
    void uploadRefusesWhenTheStackHasNoSuchOutput() throws Exception {
        Path connector = Files.write(tmp.resolve("c.jar"), new byte[] {'P', 'K'});
        Path outputs = Files.writeString(tmp.resolve("o.json"), "{\"Clickstream-Processing\": {}}");
        Result r = run("infra-cdk/scripts/upload-glue-artifacts.sh", List.of(connector.toString(), outputs.toString()),
                Map.of("GLUE_JOB_JAR", connector.toString()));
        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains("has no output " + ProcessingStack.JOB_JAR_OUTPUT);
        assertThat(calls).doesNotExist();
    }

    private Path outputsFile() throws IOException {
        return Files.writeString(tmp.resolve("cdk-outputs.json"), "{\"Clickstream-Processing\": {"
                + "\"" + ProcessingStack.JOB_JAR_OUTPUT + "\": \"s3://scripts/jars/glue-streaming-job-glue.jar\","
                + "\"" + ProcessingStack.CONNECTOR_JAR_OUTPUT + "\": \"s3://scripts/jars/" + PipelineSettings.DEFAULT_KINESIS_CONNECTOR_JAR + "\","
                + "\"" + ProcessingStack.PLACEHOLDER_OUTPUT + "\": \"s3://scripts/jars/placeholder.scala\"}}");
    }

    private void fake(Path bin, String name, String body) throws IOException {
        Path tool = bin.resolve(name);
        Files.writeString(tool, "#!/usr/bin/env bash\necho \"" + name + " $*\" >> \"" + calls + "\"\n" + body + "\n");
        tool.toFile().setExecutable(true);
    }

    private record Result(int exit, String output) {
    }

    private Result run(String script, List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("CODEBUILD_") || k.startsWith("DEPLOY_")
                || k.equals("PIPELINE_PREFIX") || k.equals("GLUE_JOB_JAR"));
        pb.environment().put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
