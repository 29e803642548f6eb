package com.clickstream.attribution.local.child;

import com.clickstream.attribution.support.aws.LoopbackEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.clickstream.attribution.local.stack.Endpoints;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;

/**
 * One run of the batch reconciler's Boot jar ({@code reconciler.mode=once}) over a checkout event-time
 * range, as a child JVM: database from {@code SPRING_DATASOURCE_*}, bucket from {@code reconciler.s3.bucket},
 * the S3 client's endpoint and credentials from {@code spring.cloud.aws.*} (docs/reconciler.md).
 */
public final class ReconcilerProcess {

    private ReconcilerProcess() {
    }

    /** Runs it to the end; returns the exit code (0 completed, 1 failed, 2 bad arguments, 3 completed with raw objects skipped). */
    public static int run(Endpoints servers, Path workDir, String bucket, Instant from, Instant to,
            Duration window, Duration lateness) throws Exception {
        ChildJvm child = start(servers, workDir, bucket, from, to, window, lateness, List.of());
        try {
            return child.await();
        } finally {
            child.close();
        }
    }

    /**
     * Starts it and returns at once (fault tests kill it mid-step); {@code extraArgs} (e.g.
     * {@code --reconciler.stale-after=5s}, so a restart after a SIGKILL takes over the dead run at once) come after the defaults. The log is appended to
     * {@code workDir/logs/reconciler.log}.
     */
    public static ChildJvm start(Endpoints servers, Path workDir, String bucket, Instant from, Instant to,
            Duration window, Duration lateness, List<String> extraArgs) {
        Path jar = Path.of(ChildJvm.buildPaths().getProperty("reconciler.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("reconciler jar " + jar + " missing: build with ./pipeline or "
                    + "`mvn -pl local-runtime -am package -DskipTests`");
        }
        boolean local = LoopbackEndpoints.isLoopbackHost(servers.s3Endpoint().getHost());
        List<String> args = new java.util.ArrayList<>(List.of("-jar", jar.toString(),
                "--reconciler.mode=once",
                "--from=" + from, "--to=" + to,
                "--window=" + window, "--lateness=" + lateness,
                "--reconciler.s3.bucket=" + bucket,
                "--spring.cloud.aws.s3.endpoint=" + servers.s3Endpoint(),
                "--spring.cloud.aws.s3.path-style-access-enabled=true",
                "--reconciler.work-dir=" + workDir.resolve("tmp/reconciler").toAbsolutePath()));
        if (local) {
            args.add("--spring.cloud.aws.credentials.access-key=" + S3ServerExtension.ACCESS_KEY);
            args.add("--spring.cloud.aws.credentials.secret-key=" + S3ServerExtension.SECRET_KEY);
        }
        args.addAll(extraArgs);
        return ChildJvm.start("reconciler", List.of("-Xmx1g"), args, Map.of(
                "SPRING_DATASOURCE_URL", servers.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", servers.dbUser(),
                "SPRING_DATASOURCE_PASSWORD", servers.dbPassword()), workDir.resolve("logs/reconciler.log"));
    }
}
