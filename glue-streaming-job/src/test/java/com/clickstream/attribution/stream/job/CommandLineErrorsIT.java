package com.clickstream.attribution.stream.job;

import static com.clickstream.attribution.stream.job.CommandLineErrorsTest.assertOneLine;
import static com.clickstream.attribution.stream.job.CommandLineErrorsTest.closedPort;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's real {@code main} in a child JVM, as the local runtime starts it: a typo in an argument is
 * one line on stderr and exit 2; an unreachable database is one line and exit 1 after
 * {@code --db_retry_for}. Spark never starts, so stderr holds nothing else.
 */
class CommandLineErrorsIT {

    @TempDir
    Path dir;

    @Test
    void theRealMainExitsTwoForATypoAndOneForAnUnreachableDatabase() throws Exception {
        int closed = closedPort();
        String jdbc = "jdbc:postgresql://127.0.0.1:" + closed + "/postgres";

        Result typo = java("--jdbc_url", jdbc, "--alowed_lateness", "5m");
        Result unreachable = java("--jdbc_url", jdbc, "--db_retry_for", "1s",
                "--checkpoint_location", dir.resolve("checkpoint").toString());

        assertThat(typo.exit).as(typo.err).isEqualTo(StreamingAttributionJob.BAD_ARGUMENTS);
        assertOneLine(typo.err, "unknown argument --alowed_lateness", "did you mean --allowed_lateness?");
        assertThat(unreachable.exit).as(unreachable.err).isEqualTo(StreamingAttributionJob.FAILED);
        assertOneLine(unreachable.err, "cannot reach PostgreSQL " + jdbc + " (--jdbc_url)", "refused", "--db_retry_for 1s");
        assertThat(typo.out + unreachable.out).as("stdout").isEmpty();
        assertThat(dir.resolve("checkpoint")).as("Spark never started").doesNotExist();
    }

    record Result(int exit, String out, String err) {
    }

    private Result java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StreamingAttributionJob.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the job did not end within 60 s: " + command);
        }
        Result result = new Result(child.exitValue(), Files.readString(out), Files.readString(err));
        System.out.printf("child JVM %s: exit %d in %,d ms, stderr: %s", String.join(" ", args), result.exit,
                (System.nanoTime() - start) / 1_000_000, result.err);
        return result;
    }
}
