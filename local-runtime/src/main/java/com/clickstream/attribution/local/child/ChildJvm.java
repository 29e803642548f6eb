package com.clickstream.attribution.local.child;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the local runtime, its output in a log file. Every child is destroyed when this JVM
 * exits (normally or on Ctrl-C), so no process outlives the runtime. Children get the loopback
 * settings ({@code SPARK_LOCAL_IP=127.0.0.1}, CBOR off) in their environment.
 */
public final class ChildJvm implements AutoCloseable {

    /** What every child process gets: Spark binds to loopback, and the AWS SDK talks JSON (local Kinesis servers). */
    public static final Map<String, String> LOOPBACK_ENVIRONMENT = Map.of("SPARK_LOCAL_IP", "127.0.0.1",
            "AWS_CBOR_DISABLE", "true");

    private static final List<Process> ALL = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildJvm::destroyAll, "stop-child-jvms"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java <jvmArgs> <args>} with {@code env} added to this JVM's environment. */
    public static ChildJvm start(String name, List<String> jvmArgs, List<String> args, Map<String, String> env,
            Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(LOOPBACK_ENVIRONMENT);
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            Process process = builder.start();
            synchronized (ALL) {
                ALL.add(process);
            }
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * SIGKILL, no shutdown hooks: what a crash or an OOM kill does. For fault tests; returns once the
     * process is gone.
     */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        synchronized (ALL) {
            ALL.remove(process);
        }
    }

    /** Waits for the exit code. */
    public int await() throws InterruptedException {
        return process.waitFor();
    }

    /** SIGTERM (the child's shutdown hooks run), then SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        stop(process);
        synchronized (ALL) {
            ALL.remove(process);
        }
    }

    public String name() {
        return name;
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void destroyAll() {
        List<Process> copy;
        synchronized (ALL) {
            copy = new ArrayList<>(ALL);
        }
        copy.forEach(ChildJvm::stop);
    }

    /** The build-time paths written to {@code local-runtime.properties} (reconciler jar, streaming classpath file). */
    public static Properties buildPaths() {
        Properties p = new Properties();
        try (InputStream in = ChildJvm.class.getResourceAsStream("/local-runtime.properties")) {
            if (in == null) {
                throw new IllegalStateException("local-runtime.properties missing: build local-runtime with Maven");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
