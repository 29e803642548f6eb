package com.clickstream.attribution.generator.cli;

import static com.clickstream.attribution.generator.cli.CommandLineErrorsTest.assertOneLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code main} in a child JVM: a bad argument is one line on stderr and exit code 2. And the
 * stream check before sending, against kinesalite: existing streams pass, a missing one is one line
 * and exit code 1.
 */
class CommandLineErrorsIT {

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @Test
    void theStreamCheckPassesForExistingStreamsAndNamesAMissingOne() {
        KINESIS.createStream("cli-clicks", 1);
        KINESIS.createStream("cli-checkouts", 1);
        String endpoint = KINESIS.endpoint().toString();
        List<String> common = List.of("--sink", "kinesis", "--endpoint", endpoint, "--duration", "1m", "--events", "50",
                "--clicks-stream", "cli-clicks");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int ok = GeneratorCommand.run(concat(common, "--checkouts-stream", "cli-checkouts"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int missing = GeneratorCommand.run(concat(common, "--checkouts-stream", "no-such-stream"),
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(ok).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(KINESIS.readAll("cli-clicks").size() + KINESIS.readAll("cli-checkouts").size()).isEqualTo(50);
        String stderr = err.toString(StandardCharsets.UTF_8);
        System.out.print("missing stream: exit " + missing + ", stderr: " + stderr);
        assertThat(missing).isEqualTo(GeneratorCommand.FAILED);
        assertOneLine(stderr, "Kinesis stream 'no-such-stream' at " + endpoint, "not available");
    }

    private static String[] concat(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @TempDir
    Path dir;

    @Test
    void theRealMainExitsTwoWithOneLineOnStderr() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GeneratorCommand.class.getName(),
                "--start=yesterday", "--sink", "none")
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("generator main ended within 60 s").isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        System.out.printf("child JVM: exit %d, stderr: %s", child.exitValue(), err);
        assertThat(child.exitValue()).isEqualTo(GeneratorCommand.BAD_ARGUMENTS);
        assertOneLine(err, "--start", "yesterday");
        assertThat(Files.readString(dir.resolve("out.txt"))).isEmpty();
    }
}
