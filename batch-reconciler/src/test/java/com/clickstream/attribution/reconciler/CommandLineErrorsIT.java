package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.CommandLineErrorsTest.assertOneLine;
import static com.clickstream.attribution.reconciler.CommandLineErrorsTest.closedPort;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.run.ReconcileOnceRunner;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The packaged jar (what the container runs): a bad option is ONE line on stderr, exit 2, and nothing
 * on stdout (refused before Spring starts); an unreachable S3 endpoint fails the run after the
 * configured attempts with ONE line on stderr naming the endpoint, exit 1, and the run is recorded as
 * failed (restartable).
 */
class CommandLineErrorsIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @TempDir
    Path workDir;

    @Test
    void aBadOptionIsOneLineAndExitTwoBeforeSpringStarts() throws Exception {
        Result bad = runJar(List.of(), "--from=2024-03-02", "--to=2024-03-01");

        assertThat(bad.exit).as(bad.err).isEqualTo(ReconcileOnceRunner.BAD_ARGUMENTS);
        assertOneLine(bad.err, "--from (2024-03-02T00:00:00Z) must be before --to");
        assertThat(bad.out).as("stdout: nothing started").isEmpty();
    }

    @Test
    void anUnreachableS3EndpointFailsTheRunWithOneLineAndExitOne() throws Exception {
        int closed = closedPort();
        String s3 = "http://127.0.0.1:" + closed;

        Result failed = runJar(List.of("--spring.datasource.url=" + POSTGRES.jdbcUrl(),
                "--spring.datasource.username=" + POSTGRES.user(),
                "--reconciler.s3.bucket=raw", "--reconciler.s3.endpoint=" + s3, "--reconciler.s3.path-style=true",
                "--reconciler.s3.access-key-id=local", "--reconciler.s3.secret-access-key=local",
                "--reconciler.s3.max-attempts=2", "--reconciler.s3.max-backoff=200ms",
                "--reconciler.work-dir=" + workDir.resolve("spill")), "--from=2024-03-01", "--to=2024-03-02");

        assertThat(failed.exit).as(failed.err).isEqualTo(ReconcileOnceRunner.FAILED);
        assertOneLine(failed.err, "reconciliation FAILED", "127.0.0.1:" + closed, "refused",
                "run the same command again");
        assertThat(new JdbcTemplate(POSTGRES.dataSource()).queryForObject(
                "SELECT status FROM ecommerce.reconciliation_runs", String.class)).isEqualTo("failed");
    }

    record Result(int exit, String out, String err) {
    }

    private Result runJar(List<String> settings, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar().toString()));
        command.addAll(settings);
        command.addAll(List.of(options));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not finish in 120 s: " + Files.readString(out));
        }
        Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        System.out.printf("jar %s: exit %d in %,d ms, stderr: %s", String.join(" ", options), result.exit,
                (System.nanoTime() - start) / 1_000_000, result.err);
        return result;
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("batch-reconciler-.*-SNAPSHOT-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("package the module first: no Boot jar in target/"));
        }
    }
}
