package com.clickstream.attribution.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pipeline demo|run} with bad arguments or unreachable endpoints: ONE line on stderr naming
 * the argument or endpoint and the reason, exit 2 (bad arguments, before anything starts) or 1 (an
 * endpoint that does not answer), never a stack trace. {@link LocalRuntimeMain#run} in this JVM; no
 * server is started ({@link CommandLineErrorsIT} runs the real main).
 */
class CommandLineErrorsTest {

    @TempDir
    Path dir;

    @Test
    void badArgumentsExitTwoBeforeAnythingStarts() throws IOException {
        Path events = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        String file = events.toString();
        expect(2, List.of("bogus"), "unknown command 'bogus'", "(see --help)");
        expect(2, List.of(), "no command given");
        expect(2, List.of("run"), "Missing required option: '--events=FILE.jsonl'");
        expect(2, List.of("run", "--events"), "Missing required parameter for option '--events'");
        expect(2, List.of("run", "--events", dir.resolve("missing.jsonl").toString()), "missing.jsonl", "no such readable file");
        expect(2, List.of("run", "--events", file, "--window=-5m"), "--window '-5m'", "not a duration");
        expect(2, List.of("run", "--events", file, "--window=0m"), "--window '0m'", "must be positive");
        expect(2, List.of("run", "--events", file, "--lateness=PT-5M"), "--lateness 'PT-5M'", "must not be negative");
        expect(2, List.of("run", "--events", file, "--nope", "1"), "Unknown option", "'--nope'");
        expect(2, List.of("demo", "--shards", "many"), "--shards 'many'", "not a whole number");
        expect(2, List.of("demo", "--rate", "0"), "--rate '0'", "positive");
        expect(2, List.of("demo", "--minutes=-1"), "--minutes '-1'", "at least 1");
        expect(2, List.of("demo", "--keep-running=maybe"), "--keep-running 'maybe'", "true or false");
        expect(2, List.of("demo", "--kinesis-endpoint", "kinesis.local:4567"), "--kinesis-endpoint", "http(s) URL");
        expect(2, List.of("demo", "--jdbc-url", "postgres://127.0.0.1/x"), "--jdbc-url", "jdbc:postgresql://");
        expect(2, List.of("demo", "--bucket", "Raw_Bucket"), "--bucket 'Raw_Bucket'", "bucket name");
        expect(2, List.of("demo", "--events", file), "Unknown option", "'--events'");
        expect(2, List.of("demo", "--windw", "1h"), "Unknown option", "'--windw'", "did you mean --window?", "(see --help)");
        expect(2, List.of("run", "--events", file, "--explain", "o1", "--stream-only"), "--explain needs the reconciler");
        expect(2, List.of("explain"), "Missing required");
        expect(2, List.of("explain", "o1", "--s3-endpoint", "http://127.0.0.1:9"), "Missing required option: '--jdbc-url=URL'");
        expect(2, List.of("explain", "o1", "--jdbc-url", "postgres://x", "--s3-endpoint", "http://127.0.0.1:9"), "--jdbc-url",
                "jdbc:postgresql://");
        expect(2, List.of("explain", "o1", "--jdbc-url", "jdbc:postgresql://127.0.0.1:9/x", "--s3-endpoint", "http://127.0.0.1:9",
                "--window", "0m"), "--window '0m'", "must be positive");
        assertThat(dir.resolve("work")).as("nothing was started: no work folder").doesNotExist();
    }

    @Test
    void unreachableEndpointsExitOneNamingEachOfThem() throws IOException {
        int closed = closedPort();
        Path events = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        String jdbc = "jdbc:postgresql://127.0.0.1:" + closed + "/postgres";
        String kinesis = "http://127.0.0.1:" + closed;
        String s3 = "http://localhost:" + closed;

        expect(1, List.of("run", "--events", events.toString(), "--work-dir", dir.resolve("work").toString(),
                "--jdbc-url", jdbc, "--kinesis-endpoint", kinesis, "--s3-endpoint", s3),
                "cannot reach", "--jdbc-url " + jdbc, "--kinesis-endpoint " + kinesis, "--s3-endpoint " + s3,
                "refused", EndpointCheck.ATTEMPTS + " attempts");
        assertThat(dir.resolve("work")).as("nothing was started: no work folder").doesNotExist();
    }

    @Test
    void helpPrintsEachCommandsOptionsAndExitsZero() {
        for (List<String> args : List.of(List.of("--help"), List.of("demo", "--help"), List.of("run", "-h"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = LocalRuntimeMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(exit).as(String.join(" ", args)).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            String usage = out.toString(StandardCharsets.UTF_8);
            assertThat(usage).contains("Usage:");
            if (args.get(0).equals("demo")) {
                assertThat(usage).contains("--minutes", "--window", "--keep-running");
            } else if (args.get(0).equals("run")) {
                assertThat(usage).contains("--events", "--stream-only", "--window");
            } else {
                assertThat(usage).contains("demo", "run");
            }
        }
    }

    private static void expect(int exitCode, List<String> args, String... mentions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = LocalRuntimeMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String stderr = err.toString(StandardCharsets.UTF_8);
        System.out.printf("%-60s exit %d in %,d ms: %s", String.join(" ", shorten(args)), exit, millis, stderr);
        assertThat(exit).as("exit code of %s (stderr: %s)", args, stderr).isEqualTo(exitCode);
        assertOneLine(stderr, mentions);
    }

    static void assertOneLine(String stderr, String... mentions) {
        assertThat(stderr.lines().filter(l -> !l.isBlank()).toList()).as("stderr lines").hasSize(1);
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(stderr).startsWith("pipeline").contains(mentions);
    }

    private static List<String> shorten(List<String> args) {
        List<String> shown = new ArrayList<>();
        for (String a : args) {
            shown.add(a.startsWith("/") ? "…/" + Path.of(a).getFileName() : a);
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
