package com.clickstream.attribution.rawlanding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code RawLandingMain} with bad settings or unreachable endpoints: ONE line on stderr naming the
 * setting or endpoint and the reason, exit 2 (bad arguments) or 1 (the start-up check failed), never a
 * stack trace. {@link RawLandingMain#run} in this JVM, no server ({@link CommandLineErrorsIT} runs the
 * real main and the check against real servers).
 */
class CommandLineErrorsTest {

    @Test
    void badSettingsExitTwoNamingTheSetting() throws Exception {
        expect(2, List.of("--drain", "--buffer.interval=-5m"), "buffer.interval=-5m", "not a duration");
        expect(2, List.of("--drain", "--poll.interval", "PT-1S"), "poll.interval=PT-1S", "not negative");
        expect(2, List.of("--drain", "--get.max-records=many"), "get.max-records=many", "not a whole number");
        expect(2, List.of("--drain", "--get.max-records=0"), "get.max-records=0", "within 1..10000");
        expect(2, List.of("--drain", "--buffer.size=64MB"), "buffer.size=64MB", "not a size");
        expect(2, List.of("--drain", "--initial-position=yesterday"), "initial-position=yesterday", "TRIM_HORIZON or LATEST");
        expect(2, List.of("--drain", "--kinesis.endpoint=kinesis.local:4567"), "kinesis.endpoint=", "http(s) URL");
        expect(2, List.of("--drain", "--bufer.size=1"), "Unknown option", "'--bufer.size=1'", "did you mean", "--buffer.size");
        expect(2, List.of("--drain", "--stream.view=v"), "Unknown option", "'--stream.view=v'");
        expect(2, List.of("--drian"), "Unknown option", "'--drian'", "did you mean --drain?");
        expect(2, List.of("bucket=raw"), "Unmatched argument", "'bucket=raw'");
    }

    @Test
    void helpListsEverySettingAndExitsZero() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = RawLandingMain.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--drain", "--stream.click", "--stream.checkout");
        for (String key : RawLandingOptions.KEYS) {
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("--" + key);
        }
    }

    @Test
    void unreachableEndpointsExitOneNamingEach() throws Exception {
        int closed = closedPort();
        String endpoint = "http://127.0.0.1:" + closed;
        expect(1, List.of("--drain", "--kinesis.endpoint=" + endpoint, "--s3.endpoint", endpoint, "--bucket=raw"),
                "Kinesis stream 'clicks' at " + endpoint + " (kinesis.endpoint)", "S3 bucket 'raw' at " + endpoint
                        + " (s3.endpoint)", "Connection refused");
    }

    private static void expect(int exitCode, List<String> args, String... mentions) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = RawLandingMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String stderr = err.toString(StandardCharsets.UTF_8);
        System.out.printf("%-60s exit %d in %,d ms: %s", String.join(" ", args), exit, millis, stderr);
        assertThat(exit).as("exit code of %s (stderr: %s)", args, stderr).isEqualTo(exitCode);
        assertOneLine(stderr, mentions);
    }

    static void assertOneLine(String stderr, String... mentions) {
        assertThat(stderr.lines().filter(l -> !l.isBlank()).toList()).as("stderr lines: %s", stderr).hasSize(1);
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(stderr).startsWith("raw-landing: ").contains(mentions);
    }

    /** A loopback port nothing listens on: bound, then closed. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
