package com.clickstream.attribution.local;

import static com.clickstream.attribution.local.CommandLineErrorsTest.assertOneLine;
import static com.clickstream.attribution.local.CommandLineErrorsTest.closedPort;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry points as child processes: {@code LocalRuntimeMain} (what {@code ./pipeline demo|run}
 * executes) with a bad argument and with an unreachable endpoint, and the {@code ./pipeline} script
 * with an unknown command. Each ends with one line on stderr and its documented exit code.
 */
class CommandLineErrorsIT {

    @TempDir
    Path dir;

    @Test
    void theRealMainExitsTwoForABadArgumentAndOneForAnUnreachableEndpoint() throws Exception {
        Path events = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        int closed = closedPort();

        Result bad = java("run", "--events", events.toString(), "--window=-5m");
        Result unreachable = java("run", "--events", events.toString(), "--work-dir", dir.resolve("work").toString(),
                "--kinesis-endpoint", "http://127.0.0.1:" + closed);

        assertThat(bad.exit).as(bad.err).isEqualTo(LocalRuntimeMain.BAD_ARGUMENTS);
        assertOneLine(bad.err, "--window '-5m'", "not a duration");
        assertThat(unreachable.exit).as(unreachable.err).isEqualTo(LocalRuntimeMain.FAILED);
        assertOneLine(unreachable.err, "cannot reach --kinesis-endpoint http://127.0.0.1:" + closed, "refused");
        assertThat(bad.out + unreachable.out).as("stdout").isEmpty();
    }

    @Test
    void thePipelineScriptRefusesAnUnknownCommandWithExitTwo() throws Exception {
        Path script = Path.of("..", "pipeline").toAbsolutePath().normalize();
        Result result = run(List.of("bash", script.toString(), "bogus"));

        assertThat(result.exit).isEqualTo(2);
        assertThat(result.err.lines().toList()).singleElement().asString().startsWith("usage: ./pipeline demo|run|explain|generate|bench");
    }

    record Result(int exit, String out, String err) {
    }

    private Result java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalRuntimeMain.class.getName()));
        command.addAll(List.of(args));
        return run(command);
    }

    private Result run(List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("did not end within 60 s: " + command);
        }
        Result result = new Result(child.exitValue(), Files.readString(out), Files.readString(err));
        System.out.printf("child %s: exit %d in %,d ms, stderr: %s", command.get(command.size() - 1), result.exit,
                (System.nanoTime() - start) / 1_000_000, result.err);
        return result;
    }
}
