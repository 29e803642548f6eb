package com.clickstream.attribution.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.stream.orchestrator.GlueJobOrchestrator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The streaming job from the command line with bad arguments or unreachable endpoints: ONE line on
 * stderr naming the argument or endpoint and the reason, exit 2 (bad arguments) or 1 (an endpoint
 * that does not answer), before Spark starts, never a stack trace. {@link StreamingAttributionJob#run}
 * in this JVM, no server ({@link CommandLineErrorsIT} runs the real main). Also the orchestrator
 * Lambda's answer to bad operator input.
 */
class CommandLineErrorsTest {

    @TempDir
    Path dir;

    @Test
    void badArgumentsExitTwoNamingTheArgument() {
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/postgres";
        expect(2, List.of("--jdbc_url", jdbc, "--attribution_window=-5m"), "--attribution_window '-5m'", "not a duration");
        expect(2, List.of("--jdbc_url", jdbc, "--attribution_window", "0m"), "--attribution_window '0m'", "must be positive");
        expect(2, List.of("--jdbc_url", jdbc, "--allowed_lateness", "PT-5M"), "--allowed_lateness must not be negative");
        expect(2, List.of("--jdbc_url", jdbc, "--trigger_interval", "soon"), "--trigger_interval 'soon'", "not a duration");
        expect(2, List.of("--jdbc_url", jdbc, "--state_store", "memory"), "--state_store 'memory'", "[rocksdb, hdfs]");
        expect(2, List.of("--jdbc_url", jdbc, "--runtime", "cloud"), "--runtime 'cloud'", "[local, glue]");
        expect(2, List.of("--jdbc_url", jdbc, "--max_records_per_read", "many"), "--max_records_per_read 'many'", "not a whole number");
        expect(2, List.of("--jdbc_url", jdbc, "--shuffle_partitions", "0"), "--shuffle_partitions must be positive");
        expect(2, List.of("--jdbc_url", jdbc, "--starting_position", "yesterday"), "--starting_position", "YESTERDAY");
        expect(2, List.of("--jdbc_url", jdbc, "--kinesis_endpoint", "http://bad host"), "--kinesis_endpoint 'http://bad host'");
        expect(2, List.of("--jdbc_url", jdbc, "--attribution_windw", "1h"), "unknown argument --attribution_windw",
                "did you mean --attribution_window?");
        expect(2, List.of("--jdbc_url", jdbc, "--window", "1h"), "unknown argument --window");
        expect(2, List.of("--jdbc_url", jdbc, "1h"), "expected --key, got '1h'");
        expect(2, List.of(), "--jdbc_url is required");
        expect(2, List.of("--jdbc_url", "mysql://127.0.0.1/x"), "--jdbc_url must be a jdbc:postgresql://");
        expect(2, List.of("--jdbc_url", jdbc, "--db_password_env", "NO_SUCH_VARIABLE_X"), "NO_SUCH_VARIABLE_X", "is not set");
    }

    @Test
    void unreachableEndpointsExitOneNamingEachAfterTheRetryBudget() throws IOException {
        int closed = closedPort();
        String jdbc = "jdbc:postgresql://127.0.0.1:" + closed + "/postgres";
        String kinesis = "http://127.0.0.1:" + closed;
        // Glue's own keys (capital letter, hyphen, --class) are accepted and ignored: the run gets as far as the check
        expect(1, List.of("--jdbc_url", jdbc, "--kinesis_endpoint", kinesis, "--db_retry_for", "2s",
                "--TempDir", "s3://x/tmp", "--job-bookmark-option", "job-bookmark-disable", "--class", "x.Y",
                "--checkpoint_location", dir.resolve("checkpoint").toString()),
                "cannot reach", "PostgreSQL " + jdbc + " (--jdbc_url)", "refused", "--db_retry_for 2s",
                "Kinesis " + kinesis + " (--kinesis_endpoint)", StartupCheck.KINESIS_ATTEMPTS + " attempts");
        assertThat(dir.resolve("checkpoint")).as("Spark never started").doesNotExist();
    }

    @Test
    void theOrchestratorFailsBadInputWithOneLineAndCallsNothing() {
        GlueClient noCalls = new GlueClient() { // every call would throw UnsupportedOperationException
            @Override
            public String serviceName() {
                return "glue";
            }

            @Override
            public void close() {
            }
        };
        GlueJobOrchestrator orchestrator = new GlueJobOrchestrator(noCalls, "streaming-attribution");

        // thrown (IllegalArgumentException, before any Glue call), so the Lambda's Errors metric counts it
        assertThatThrownBy(() -> orchestrator.handleRequest(Map.of("action", "restart"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown action 'restart'")
                .hasMessageContaining("start, stop or status");
        assertThatThrownBy(() -> orchestrator.handleRequest(Map.of("action", "start", "arguments", "--x y"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'arguments' must be an object of strings");
        assertThatThrownBy(() -> orchestrator.handleRequest(
                Map.of("action", "start", "arguments", Map.of("--allowed_lateness", List.of("5m"))), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--allowed_lateness' maps to [5m]");
    }

    private static void expect(int exitCode, List<String> args, String... mentions) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = StreamingAttributionJob.run(args.toArray(String[]::new), new PrintStream(err, true, StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String stderr = err.toString(StandardCharsets.UTF_8);
        System.out.printf("%-60s exit %d in %,d ms: %s", String.join(" ", shorten(args)), exit, millis, stderr);
        assertThat(exit).as("exit code of %s (stderr: %s)", args, stderr).isEqualTo(exitCode);
        assertOneLine(stderr, mentions);
    }

    static void assertOneLine(String stderr, String... mentions) {
        assertThat(stderr.lines().filter(l -> !l.isBlank()).toList()).as("stderr lines: %s", stderr).hasSize(1);
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(stderr).startsWith("streaming job: ").contains(mentions);
    }

    private static List<String> shorten(List<String> args) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--jdbc_url") && i + 1 < args.size() && args.get(i + 1).endsWith(":5432/postgres")) {
                i++;
            } else {
                shown.add(args.get(i).startsWith("/") ? "…" : args.get(i));
            }
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
