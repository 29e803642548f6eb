package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The packaged executable jar (the one the container runs) reconciles from the command line and
 * reports through its exit code: 0 for a completed run, 2 for bad arguments; a CloudWatch that cannot be
 * reached (configured through the environment variables the ECS task sets) does not change it.
 */
class ReconcilerJarIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    Path workDir;

    @Test
    void theJarRunsOnceAndExitsWithTheRunsStatus() throws Exception {
        // given
        Instant noon = Instant.parse("2024-03-01T12:00:00Z");
        RawBucket.emptied(S3.s3Client(), "raw-jar")
                .arrives(click("k1", "u1", noon.minusSeconds(600), "google"), noon.minusSeconds(600))
                .arrives(checkout("o1", "u1", noon, "10.00"), noon)
                .flush();

        // when
        Result ok = runJar("--from", "2024-03-01", "--to=2024-03-02", "--buckets", "2");
        Result bad = runJar("--from", "yesterday");

        // then
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        JdbcTemplate jdbc = new JdbcTemplate(POSTGRES.dataSource());
        assertThat(jdbc.queryForObject("SELECT status FROM ecommerce.reconciliation_runs", String.class))
                .isEqualTo("completed");
        assertThat(jdbc.queryForObject("SELECT traffic_source FROM ecommerce.attributed_checkouts WHERE checkout_id = 'o1'",
                String.class)).isEqualTo("google");
        assertThat(ok.output()).contains("run 1 completed");
        assertThat(bad.exitCode()).as(bad.output()).isEqualTo(2);
    }

    @Test
    void aCloudWatchThatCannotBeReachedDoesNotChangeTheExitCode() throws Exception {
        // given: the variables the ECS task sets (ReconcilerTask), CloudWatch's endpoint a closed loopback port
        Map<String, String> environment = Map.of(
                "MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE", "ClickstreamAttribution",
                "SPRING_CLOUD_AWS_REGION_STATIC", "eu-west-1",
                "SPRING_CLOUD_AWS_CLOUDWATCH_ENDPOINT", "http://127.0.0.1:" + CommandLineErrorsTest.closedPort());

        // when
        Result run = runJar(environment, "--from", "2024-03-05", "--to=2024-03-06", "--buckets", "2");

        // then: the run completed, its figures were recorded, the export was tried on exit and failed: with an
        // error, or (the SDK retrying the refused connection on a loaded machine) past Micrometer's wait on close
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("publishing metrics for CloudWatchMeterRegistry", "metrics CorrectionRate=0.0");
        assertThat(run.output()).containsAnyOf("error sending metric data",
                "metrics push to cloudwatch took longer than expected");
    }

    record Result(int exitCode, String output) {
    }

    private Result runJar(String... options) throws IOException, InterruptedException {
        return runJar(Map.of(), options);
    }

    private Result runJar(Map<String, String> environment, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar().toString(),
                "--spring.datasource.url=" + POSTGRES.jdbcUrl(),
                "--spring.datasource.username=" + POSTGRES.user(),
                "--reconciler.s3.bucket=raw-jar",
                "--spring.cloud.aws.s3.endpoint=" + S3.endpoint(),
                "--spring.cloud.aws.s3.path-style-access-enabled=true",
                "--spring.cloud.aws.credentials.access-key=" + S3ServerExtension.ACCESS_KEY,
                "--spring.cloud.aws.credentials.secret-key=" + S3ServerExtension.SECRET_KEY,
                "--reconciler.work-dir=" + workDir));
        command.addAll(List.of(options));
        Path log = workDir.resolve("jar-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not finish in 120 s: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("batch-reconciler-.*-SNAPSHOT-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("package the module first: no Boot jar in target/"));
        }
    }
}
