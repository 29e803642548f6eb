package com.clickstream.attribution.bench.harness;

import com.clickstream.attribution.local.child.ChildJvm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One measured run in a fresh child process: its own JIT, heap and page cache state, and its peak
 * resident memory (VmHWM from /proc, polled every 100 ms and read last just before it exits; for a JVM
 * this counts heap, metaspace and native memory such as DuckDB's). A worker reports its result as one
 * stdout line {@code RESULT <json>}; everything else goes to the run's log file.
 */
public final class ChildRun {

    public static final String RESULT_PREFIX = "RESULT ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChildRun() {
    }

    /** The outcome: exit code, wall time, peak RSS of the process (bytes), the RESULT object (or null), the log. */
    public record Outcome(int exitCode, double seconds, long peakRssBytes, JsonNode result, Path log) {

        public JsonNode requireResult() {
            if (exitCode != 0 || result == null) {
                throw new IllegalStateException("child run failed (exit " + exitCode + "), see " + log + ":\n"
                        + tail(log));
            }
            return result;
        }
    }

    /** Runs {@code java <jvmArgs> -cp classpath mainClass args}. */
    public static Outcome java(String classpath, List<String> jvmArgs, String mainClass, List<String> args,
            Map<String, String> env, Path log, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return run(command, null, env, log, timeout);
    }

    /** Runs any command; {@code dir} null = this process's directory. */
    public static Outcome run(List<String> command, Path dir, Map<String, String> env, Path log, Duration timeout) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            builder.environment().putAll(ChildJvm.LOOPBACK_ENVIRONMENT);
            builder.environment().putAll(env);
            long start = System.nanoTime();
            Process process = builder.start();
            Thread stopper = new Thread(() -> destroyTree(process), "stop-" + process.pid());
            Runtime.getRuntime().addShutdownHook(stopper);
            long peak = 0;
            try {
                while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                    peak = Math.max(peak, PeakRss.of(process.pid()));
                    if (System.nanoTime() - start > timeout.toNanos()) {
                        destroyTree(process);
                        throw new IllegalStateException("timed out after " + timeout + ": " + command + "; log " + log);
                    }
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(stopper);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Outcome(process.exitValue(), seconds, peak, result(log), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Prints the RESULT line a worker main ends with. */
    public static void report(Object result) {
        try {
            System.out.println(RESULT_PREFIX + JSON.writeValueAsString(result));
            System.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode result(Path log) throws IOException {
        JsonNode found = null;
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith(RESULT_PREFIX)) {
                found = JSON.readTree(line.substring(RESULT_PREFIX.length()));
            }
        }
        return found;
    }

    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
