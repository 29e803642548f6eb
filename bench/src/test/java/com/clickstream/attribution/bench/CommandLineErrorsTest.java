package com.clickstream.attribution.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pipeline bench} with bad arguments, or failing before any measurement: ONE line on stderr,
 * exit 2 (bad arguments) or 1 (failed, stack trace saved to a file it names), never a stack trace on
 * stderr. {@link BenchMain#run} in this JVM; nothing is measured.
 */
class CommandLineErrorsTest {

    @TempDir
    Path dir;

    @Test
    void badArgumentsExitTwo() {
        expect(2, List.of("--only", "b9"), "--only: unknown benchmark 'b9'", "[b1, b2, b2c, b3, b4]");
        expect(2, List.of("--runs", "0"), "--runs must be at least 1, was 0");
        expect(2, List.of("--runs", "three"), "--runs", "'three' is not an int");
        expect(2, List.of("--runs"), "Missing required parameter for option '--runs'");
        expect(2, List.of("--quik"), "Unknown option: '--quik'", "did you mean --quick?");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFailureBeforeAnyMeasurementExitsOneAndSavesTheStackTrace() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("docs-is-a-file"), "x");
        Path work = dir.resolve("work");

        expect(1, List.of("--only", "b4", "--docs", notAFolder.toString(), "--work-dir", work.toString()),
                "bench: failed: ", "docs-is-a-file", "stack trace in " + work.toAbsolutePath().resolve("bench-error.log"));
        assertThat(Files.readString(work.resolve("bench-error.log"))).contains("\tat ");
    }

    private static void expect(int exitCode, List<String> args, String... mentions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = BenchMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String stderr = err.toString(StandardCharsets.UTF_8);
        System.out.printf("%-40s exit %d in %,d ms: %s", String.join(" ", args).replace(System.getProperty("java.io.tmpdir"), "…"),
                exit, millis, stderr);
        assertThat(exit).as("exit code of %s (stderr: %s)", args, stderr).isEqualTo(exitCode);
        assertThat(stderr.lines().filter(l -> !l.isBlank()).toList()).as("stderr lines: %s", stderr).hasSize(1);
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in thread").startsWith("bench: ").contains(mentions);
    }
}
