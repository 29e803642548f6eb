package com.clickstream.attribution.generator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.generator.lambda.GeneratorLambda;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad command lines and unreachable endpoints end with ONE line on stderr naming the argument or
 * endpoint and the reason, and exit 2 (bad arguments) or 1 (the run failed), never with a stack
 * trace. Runs {@link GeneratorCommand#run} in this JVM ({@link CommandLineErrorsIT} runs the real {@code main}).
 */
class CommandLineErrorsTest {

    @TempDir
    Path dir;

    @Test
    void badArgumentsExitTwoWithOneLineNamingTheArgument() {
        expect(2, List.of("--start", "yesterday"), "--start", "yesterday");
        expect(2, List.of("--duration=-5m"), "--duration", "-5m");
        expect(2, List.of("--duration=0m"), "--duration", "longer than 0");
        expect(2, List.of("--duration", "soon"), "--duration", "not a duration");
        expect(2, List.of("--late-min", "3h", "--late-max", "1h"), "--late-min", "after --late-max");
        expect(2, List.of("--nope"), "Unknown option", "--nope");
        expect(2, List.of("--sede", "1"), "Unknown option", "--sede", "did you mean", "--seed");
        expect(2, List.of("--users"), "--users", "Missing");
        expect(2, List.of("--users", "many"), "--users", "many");
        expect(2, List.of("--rate", "-3"), "--rate", "-3");
        expect(2, List.of("--late", "1.5"), "--late", "0..1");
        expect(2, List.of("--batch", "501"), "--batch", "1..500");
        expect(2, List.of("--sink", "kafka"), "--sink", "kafka");
        expect(2, List.of("--sink", "kinesis", "--endpoint", "kinesis.local"), "--endpoint", "kinesis.local");
        expect(2, List.of("--seed-jdbc", "postgres://127.0.0.1/x"), "--seed-jdbc", "jdbc:postgresql");
    }

    @Test
    void unreachableEndpointsExitOneWithOneLineNamingTheEndpoint() throws IOException {
        int closed = closedPort();
        String kinesis = "http://127.0.0.1:" + closed;
        String jdbc = "jdbc:postgresql://127.0.0.1:" + closed + "/postgres";

        expect(1, List.of("--sink", "kinesis", "--endpoint", kinesis, "--duration", "1m"),
                "Kinesis stream '", kinesis, "not available");
        expect(1, List.of("--sink", "firehose", "--endpoint", kinesis, "--duration", "1m"),
                "Firehose delivery stream '", kinesis);
        expect(1, List.of("--sink", "none", "--seed-jdbc", jdbc, "--duration", "1m"),
                "--seed-jdbc", "127.0.0.1:" + closed, "refused");
        expect(1, List.of("--sink", "file", "--out", dir.toString(), "--duration", "1m"), dir.toString());
    }

    @Test
    void theLambdaFailsABadScheduledTimeWithOneLineAndSendsNothing() throws IOException {
        // any Kinesis call would fail on this closed port with a different error
        GeneratorLambda handler = new GeneratorLambda(Map.of("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:" + closedPort()));

        // thrown, not returned: a failed invocation must count in the Lambda's Errors metric
        assertThatThrownBy(() -> handler.handleRequest(Map.of("time", "yesterday"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("'time'", "ISO-8601", "yesterday").doesNotContain("\n"));
    }

    private static void expect(int exitCode, List<String> args, String... mentions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = GeneratorCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String stderr = err.toString(StandardCharsets.UTF_8);
        System.out.printf("%-70s exit %d in %,d ms: %s", String.join(" ", args), exit, millis, stderr);
        assertThat(exit).as("exit code of %s (stderr: %s)", args, stderr).isEqualTo(exitCode);
        assertOneLine(stderr, mentions);
    }

    static void assertOneLine(String stderr, String... mentions) {
        assertThat(stderr.lines().filter(l -> !l.isBlank()).toList()).as("stderr lines").hasSize(1);
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(stderr).startsWith("generator: ").contains(mentions);
    }

    /** A loopback port nothing listens on: bound, then closed. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
