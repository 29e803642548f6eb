package com.clickstream.attribution.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad job options and an unreachable database end with ONE line on stderr naming the option or
 * endpoint and the reason: exit 2 for bad options (refused before Spring starts), 1 when the
 * application cannot start. {@link ReconcilerApplication#run} in this JVM, no server
 * ({@link CommandLineErrorsIT} runs the packaged jar).
 */
class CommandLineErrorsTest {

    @TempDir
    Path workDir;

    @Test
    void badOptionsExitTwoBeforeSpringStarts() {
        expect(2, List.of("--from", "yesterday"), "--from 'yesterday'", "ISO-8601");
        expect(2, List.of("--from=2024-03-02", "--to=2024-03-01"), "--from (2024-03-02T00:00:00Z) must be before --to");
        expect(2, List.of("--window=-5m"), "--window '-5m'", "not a duration");
        expect(2, List.of("--window=0m"), "--window '0m'", "must be positive");
        expect(2, List.of("--lateness=PT-5M"), "--lateness must not be negative");
        expect(2, List.of("--lookback=0m"), "--lookback '0m' must be positive");
        expect(2, List.of("--buckets", "many"), "--buckets 'many'", "not a whole number");
        expect(2, List.of("--buckets", "0"), "--buckets must be between 1 and 4096");
        expect(2, List.of("--form", "2024-03-01"), "Unknown option", "'--form'", "did you mean --from?", "(see --help)");
        expect(2, List.of("--to"), "Missing required parameter for option '--to'");
        expect(2, List.of("2024-03-01"), "Unmatched argument at index 0: '2024-03-01'");
    }

    @Test
    void anUnreachableDatabaseExitsOneWithTheReason() throws IOException {
        int closed = closedPort();
        expect(1, List.of("--from=2024-03-01", "--to=2024-03-02",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closed + "/postgres",
                "--spring.datasource.username=postgres", "--reconciler.s3.bucket=raw",
                "--reconciler.work-dir=" + workDir), "could not start", "127.0.0.1:" + closed, "refused");
    }

    @Test
    void aSettingUnderItsOldNameIsRefusedWithItsNewName() {
        // silently ignored, the old endpoint would send the client to AWS instead of the local server
        expect(1, List.of("--from=2024-03-01", "--to=2024-03-02", "--reconciler.s3.bucket=raw",
                "--reconciler.s3.endpoint=http://127.0.0.1:9", "--reconciler.metrics.namespace=ClickstreamAttribution"),
                "could not start", "reconciler.s3.endpoint is now spring.cloud.aws.s3.endpoint",
                "reconciler.metrics.namespace is now management.cloudwatch.metrics.export.namespace");
    }

    private static void expect(int exitCode, List<String> args, String... mentions) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = ReconcilerApplication.run(args.toArray(String[]::new), new PrintStream(err, true, StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String stderr = err.toString(StandardCharsets.UTF_8);
        System.out.printf("%-50s exit %d in %,d ms: %s", String.join(" ", shorten(args)), exit, millis, stderr);
        assertThat(exit).as("exit code of %s (stderr: %s)", args, stderr).isEqualTo(exitCode);
        assertOneLine(stderr, mentions);
    }

    static void assertOneLine(String stderr, String... mentions) {
        assertThat(stderr.lines().filter(l -> !l.isBlank()).toList()).as("stderr lines: %s", stderr).hasSize(1);
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(stderr).startsWith("batch-reconciler: ").contains(mentions);
    }

    private static List<String> shorten(List<String> args) {
        List<String> shown = new ArrayList<>();
        for (String a : args) {
            shown.add(a.startsWith("--spring.") || a.startsWith("--reconciler.") ? a.substring(0, a.indexOf('=') + 1) + "…" : a);
        }
        return shown;
    }

    /** A loopback port nothing listens on: bound, then closed. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
