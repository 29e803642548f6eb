package com.clickstream.attribution.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.config.PipelineSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * `cdk synth` as a person runs it: the aws-cdk CLI from node_modules (npm ci from package-lock.json),
 * cdk.json's app command (scripts/cdk-app.sh on this module's build output), offline. Runs after
 * `package`, so target/classes and target/cdk-classpath.txt exist.
 */
class CdkCliSynthIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void cdkSynthThroughCdkJsonProducesEveryStackTemplate() throws Exception {
        Path cli = Path.of("node_modules", ".bin", "cdk");
        Assumptions.assumeTrue(Files.isExecutable(cli), "aws-cdk CLI not installed (npm ci skipped)");
        Path out = Path.of("target", "cdk.out-cli").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(cli.toString(), "synth", "--quiet", "--output", out.toString(),
                "-c", "githubRepository=https://github.com/example-org/clickstream-attribution"));
        jarContext(command, "orchestratorJar", PipelineSettings.DEFAULT_ORCHESTRATOR_JAR);
        jarContext(command, "generatorJar", PipelineSettings.DEFAULT_GENERATOR_JAR);

        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("CDK_OUTDIR");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        for (String part : List.of("Network", "Data", "Database", "Processing", "Monitoring", "Ci")) {
            assertThat(out.resolve("Clickstream-" + part + ".template.json")).isRegularFile();
            assertThat(out.resolve("AwsSolutions-Clickstream-" + part + "-NagReport.csv")).isRegularFile();
        }
        assertThat(log).doesNotContain("AwsSolutions-").contains("Successfully synthesized");
    }

    /** The real jar when its module was built, else a placeholder written to target/ (as InfraTestApp does). */
    private static void jarContext(List<String> command, String key, String relative) throws IOException {
        Path real = REPO.resolve(relative);
        if (Files.isRegularFile(real)) {
            return;
        }
        Path placeholder = Path.of("target", "test-placeholders", key + "-cli.jar").toAbsolutePath();
        Files.createDirectories(placeholder.getParent());
        try (OutputStream o = Files.newOutputStream(placeholder); JarOutputStream jar = new JarOutputStream(o)) {
            jar.putNextEntry(new JarEntry("PLACEHOLDER.txt"));
            jar.closeEntry();
        }
        command.add("-c");
        command.add(key + "=" + placeholder);
    }
}
