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
        List<String> args = new java.util.ArrayList<>(List.of("-jar", jar().toString(),
                "--reconciler.mode=once",
                "--from=" + from, "--to=" + to,
                "--window=" + window, "--lateness=" + lateness));
        args.addAll(connection(servers, workDir, bucket));
        args.addAll(extraArgs);
        return ChildJvm.start("reconciler", List.of("-Xmx1g"), args, database(servers), workDir.resolve("logs/reconciler.log"));
    }

    /** What {@link #explain} printed: the explanation, or the child's one-line error. */
    public record Explained(int exitCode, String text) {
    }

    /**
     * Runs the reconciler jar's {@code explain CHECKOUT_ID} (docs/reconciler.md) against the servers and returns the
     * explanation (text, or JSON with {@code json}); a failure gives the child's exit code and its error line. The
     * log is appended to {@code workDir/logs/explain.log}.
     */
    public static Explained explain(Endpoints servers, Path workDir, String bucket, String checkoutId, Duration window,
            boolean json) throws Exception {
        Path output = Files.createTempFile(Files.createDirectories(workDir.resolve("tmp")), "explain-", json ? ".json" : ".txt");
        Path log = workDir.resolve("logs/explain.log");
        Files.createDirectories(log.getParent());
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        List<String> args = new java.util.ArrayList<>(List.of("-jar", jar().toString(), "explain", checkoutId,
                "--window=" + window, "--output=" + output.toAbsolutePath()));
        if (json) {
            args.add("--json");
        }
        args.addAll(connection(servers, workDir, bucket));
        ChildJvm child = ChildJvm.start("explain", List.of("-Xmx512m"), args, database(servers), log);
        try {
            int exit = child.await();
            if (exit == 0) {
                return new Explained(0, Files.readString(output));
            }
            // the child's one line on stderr is the last line of its part of the log
            byte[] all = Files.readAllBytes(log);
            String part = new String(all, (int) logStart, all.length - (int) logStart, java.nio.charset.StandardCharsets.UTF_8);
            List<String> lines = part.lines().filter(l -> !l.isBlank()).toList();
            return new Explained(exit, lines.isEmpty() ? "explain exited with " + exit : lines.get(lines.size() - 1));
        } finally {
            child.close();
            Files.deleteIfExists(output);
        }
    }

    private static Path jar() {
        Path jar = Path.of(ChildJvm.buildPaths().getProperty("reconciler.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("reconciler jar " + jar + " missing: build with ./pipeline or "
                    + "`mvn -pl local-runtime -am package -DskipTests`");
        }
        return jar;
    }

    /** The Spring properties that connect the jar to the raw bucket, as for a run. */
    private static List<String> connection(Endpoints servers, Path workDir, String bucket) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--reconciler.s3.bucket=" + bucket,
                "--spring.cloud.aws.s3.endpoint=" + servers.s3Endpoint(),
                "--spring.cloud.aws.s3.path-style-access-enabled=true",
                "--reconciler.work-dir=" + workDir.resolve("tmp/reconciler").toAbsolutePath()));
        if (LoopbackEndpoints.isLoopbackHost(servers.s3Endpoint().getHost())) {
            args.add("--spring.cloud.aws.credentials.access-key=" + S3ServerExtension.ACCESS_KEY);
            args.add("--spring.cloud.aws.credentials.secret-key=" + S3ServerExtension.SECRET_KEY);
        }
        return args;
    }

    private static Map<String, String> database(Endpoints servers) {
        return Map.of("SPRING_DATASOURCE_URL", servers.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", servers.dbUser(),
                "SPRING_DATASOURCE_PASSWORD", servers.dbPassword());
    }
}
