package com.clickstream.attribution.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.config.PipelineSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;

/**
 * The CDK app with bad settings: ONE line on stderr naming the setting and the reason, exit 2 (bad or
 * unknown setting) or 1 (cannot synthesize), never a stack trace. {@link InfraApp#run} in this JVM
 * ({@link CommandLineErrorsIT} runs the app as the CDK CLI does).
 */
class CommandLineErrorsTest {

    @TempDir
    Path out;

    @Test
    void badOrUnknownSettingsExitTwoNamingTheSetting() {
        expect(2, Map.of("glueWorker", 4), "unknown setting 'glueWorker'", "did you mean glueWorkers?");
        expect(2, Map.of("attributionWindow", "-5m"), "attributionWindow", "not a duration");
        expect(2, Map.of("attributionWindow", "0m"), "attributionWindow must be positive");
        expect(2, Map.of("allowedLateness", "PT-5M"), "allowedLateness must not be negative");
        expect(2, Map.of("glueWorkers", "two"), "glueWorkers is not an integer");
        expect(2, Map.of("startingPosition", "yesterday"), "startingPosition must be one of");
        expect(2, Map.of("rawRetentionDays", 30), "rawRetentionDays must be more than 90");
        expect(2, Map.of("streamRetentionHours", 2), "streamRetentionHours must be 24..8760");
        expect(2, Map.of("dbBackupRetentionDays", 90), "dbBackupRetentionDays must be 0..35");
        expect(2, Map.of("reconcilerSchedule", "30 2 * * *"), "reconcilerSchedule must be an EventBridge cron of 6 fields");
        expect(2, Map.of("projectionStartDay", "yesterday"), "projectionStartDay must be a date");
        expect(2, Map.of("alarmEmail", "oncall"), "alarmEmail is not an e-mail address");
        expect(2, Map.of("dbMultiAz", "yes"), "dbMultiAz must be true or false");
    }

    @Test
    void cdksOwnContextKeysPassAndAMissingLambdaJarExitsOne() {
        expect(1, Map.of("@aws-cdk/core:checkSecretUsage", true, "aws:cdk:enable-path-metadata", true,
                "acknowledged-issue-numbers", "[]", "orchestratorJar", "no/such/orchestrator.jar"),
                "infra-cdk: failed: ", "Lambda jar", "no/such/orchestrator.jar", "does not exist");
    }

    @Test
    void theKnownKeysAreExactlyTheKeysTheSettingsRead() {
        Set<String> read = new LinkedHashSet<>();
        PipelineSettings.fromContext(key -> {
            read.add(key);
            return null;
        });
        assertThat(PipelineSettings.KEYS).containsExactlyInAnyOrderElementsOf(read);
    }

    private void expect(int exitCode, Map<String, Object> context, String... mentions) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = InfraApp.run(() -> App.Builder.create().context(context).outdir(out.toString()).build(), Map.of(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String stderr = err.toString(StandardCharsets.UTF_8);
        System.out.printf("%-50s exit %d in %,d ms: %s", context, exit, millis, stderr);
        assertThat(exit).as("exit code for %s (stderr: %s)", context, stderr).isEqualTo(exitCode);
        assertOneLine(stderr, mentions);
    }

    static void assertOneLine(String stderr, String... mentions) {
        assertThat(stderr.lines().filter(l -> !l.isBlank()).toList()).as("stderr lines: %s", stderr).hasSize(1);
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(stderr).startsWith("infra-cdk: ").contains(mentions);
    }
}
