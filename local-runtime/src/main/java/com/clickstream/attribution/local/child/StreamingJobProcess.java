package com.clickstream.attribution.local.child;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.clickstream.attribution.local.stack.Endpoints;

/**
 * The streaming job ({@code StreamingAttributionJob}, Spark local mode, qubole source) as a child JVM
 * on the classpath file that local-runtime's build wrote (job + Spark), with Spark's {@code --add-opens}
 * list, CBOR off for the shaded Kinesis SDK and the driver bound to 127.0.0.1.
 */
public final class StreamingJobProcess {

    public static final String MAIN_CLASS = "com.clickstream.attribution.stream.job.StreamingAttributionJob";

    /** Spark's own list (../shared/NOTES.md); the same as glue-streaming-job's test argLine. Public for the benchmarks' Spark workers. */
    public static final List<String> SPARK_JVM_ARGS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dorg.apache.spark.sql.kinesis.shaded.amazonaws.sdk.disableCbor=true", "-Daws.cborEnabled=false");

    private StreamingJobProcess() {
    }

    public static ChildJvm start(Endpoints servers, Path workDir, String queryName, Duration window,
            Duration lateness) {
        return start(servers, workDir, queryName, window, lateness, List.of());
    }

    /**
     * As {@link #start(Endpoints, Path, String, Duration, Duration)}, with {@code extraArgs} (job arguments
     * such as {@code --max_records_per_read 500}) after the defaults, so they win. Restarting with the same
     * {@code workDir} and {@code queryName} resumes from the checkpoint.
     */
    public static ChildJvm start(Endpoints servers, Path workDir, String queryName, Duration window,
            Duration lateness, List<String> extraArgs) {
        List<String> jvm = new ArrayList<>(SPARK_JVM_ARGS);
        jvm.add("-Xmx1536m");
        jvm.add("-Djava.io.tmpdir=" + mkdirs(workDir.resolve("tmp/streaming-job")));
        jvm.add("-cp");
        jvm.add(classpath());
        List<String> args = new ArrayList<>(List.of(MAIN_CLASS,
                "--runtime", "local",
                "--source", "qubole",
                "--kinesis_endpoint", servers.kinesisEndpoint().toString(),
                "--starting_position", "TRIM_HORIZON",
                "--jdbc_url", servers.jdbcUrl(),
                "--db_user", servers.dbUser(),
                "--db_password_env", "PGPASSWORD",
                "--checkpoint_location", workDir.resolve("checkpoints").resolve(queryName).toAbsolutePath().toString(),
                "--attribution_window", window.toString(),
                "--allowed_lateness", lateness.toString(),
                "--trigger_interval", "1s",
                "--max_records_per_read", "2000",
                "--query_name", queryName));
        args.addAll(extraArgs);
        return ChildJvm.start("streaming job", jvm, args, Map.of("PGPASSWORD", servers.dbPassword()),
                workDir.resolve("logs/streaming-job.log"));
    }

    /** The streaming job's classpath (job + Spark + connector), as local-runtime's build wrote it. */
    public static String classpath() {
        Path file = Path.of(ChildJvm.buildPaths().getProperty("streaming.classpath.file"));
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("streaming job classpath " + file
                    + " missing: build with `mvn -pl local-runtime -am package -DskipTests` (or ./pipeline)", e);
        }
    }

    private static String mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir).toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
