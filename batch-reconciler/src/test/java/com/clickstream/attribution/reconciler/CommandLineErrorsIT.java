package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.CommandLineErrorsTest.assertOneLine;
import static com.clickstream.attribution.reconciler.CommandLineErrorsTest.closedPort;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.launch.ReconcileOnceRunner;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
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
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The packaged jar (what the container runs): a bad option is ONE line on stderr, exit 2, and nothing
 * on stdout (refused before Spring starts); an unreachable S3 endpoint fails the run after the
 * configured attempts with ONE line on stderr naming the endpoint, exit 1, and the run is recorded as
 * failed (restartable); a run that skipped a raw object exits 3 with one line (not a failure: no restart hint).
 */
class CommandLineErrorsIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

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
                "--reconciler.s3.bucket=raw", "--spring.cloud.aws.s3.endpoint=" + s3, "--spring.cloud.aws.s3.path-style-access-enabled=true",
                "--spring.cloud.aws.credentials.access-key=local", "--spring.cloud.aws.credentials.secret-key=local",
                "--reconciler.s3.max-attempts=2", "--reconciler.s3.max-backoff=200ms",
                "--reconciler.work-dir=" + workDir.resolve("spill")), "--from=2024-03-01", "--to=2024-03-02");

        assertThat(failed.exit).as(failed.err).isEqualTo(ReconcileOnceRunner.FAILED);
        // the attempt count is reconciler.s3.max-attempts: the starter's client got the reconciler's retries
        assertOneLine(failed.err, "reconciliation FAILED", "127.0.0.1:" + closed, "refused", "SDK Attempt Count: 2",
                "run the same command again");
        assertThat(new JdbcTemplate(POSTGRES.dataSource()).queryForObject(
                "SELECT status FROM ecommerce.reconciliation_runs WHERE range_from = '2024-03-01T00:00:00Z'", String.class)).isEqualTo("failed");
    }

    @Test
    void aRunThatSkippedARawObjectExitsThreeWithOneLine() throws Exception {
        S3.s3Client().createBucket(b -> b.bucket("raw-skips"));
        S3.s3Client().putObject(b -> b.bucket("raw-skips").key("raw/click/dt=2024-04-01/hour=10/corrupt.parquet"),
                RequestBody.fromString("not parquet"));

        Result done = runJar(List.of("--spring.datasource.url=" + POSTGRES.jdbcUrl(),
                "--spring.datasource.username=" + POSTGRES.user(),
                "--reconciler.s3.bucket=raw-skips", "--spring.cloud.aws.s3.endpoint=" + S3.endpoint(),
                "--spring.cloud.aws.s3.path-style-access-enabled=true", "--spring.cloud.aws.credentials.access-key=" + S3ServerExtension.ACCESS_KEY,
                "--spring.cloud.aws.credentials.secret-key=" + S3ServerExtension.SECRET_KEY,
                "--reconciler.work-dir=" + workDir.resolve("spill")), "--from=2024-04-01", "--to=2024-04-02");

        assertThat(done.exit).as(done.err).isEqualTo(ReconcileOnceRunner.COMPLETED_WITH_SKIPS);
        assertOneLine(done.err, "COMPLETED with 1 raw objects skipped and 0 corrections withheld",
                "reconciliation_runs.skips");
        assertThat(done.err).doesNotContain("run the same command again");
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
