package com.clickstream.attribution.infra;

import static com.clickstream.attribution.infra.CommandLineErrorsTest.assertOneLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app command of cdk.json (scripts/cdk-app.sh) as the CDK CLI runs it, context in
 * {@code CDK_CONTEXT_JSON}: a mistyped setting is one line on stderr and exit 2, before any stack is
 * built. (The CLI prints that line and then its own "Subprocess exited with error 2".) Runs after
 * {@code package}, so target/classes and target/cdk-classpath.txt exist.
 */
class CommandLineErrorsIT {

    @TempDir
    Path dir;

    @Test
    void theAppCommandExitsTwoWithOneLineForAMistypedSetting() throws Exception {
        ProcessBuilder app = new ProcessBuilder("sh", "scripts/cdk-app.sh")
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        app.environment().put("CDK_CONTEXT_JSON", "{\"glueWorker\": 4, \"@aws-cdk/core:checkSecretUsage\": true}");
        app.environment().put("CDK_OUTDIR", dir.resolve("cdk.out").toString());
        long start = System.nanoTime();
        Process child = app.start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the app ended within 120 s").isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        System.out.printf("cdk-app.sh: exit %d in %,d ms, stderr: %s", child.exitValue(),
                (System.nanoTime() - start) / 1_000_000, err);
        assertThat(child.exitValue()).isEqualTo(InfraApp.BAD_SETTINGS);
        assertOneLine(err, "unknown setting 'glueWorker'", "did you mean glueWorkers?");
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".template.json"))).as("nothing synthesized").isEmpty();
        }
    }
}
