package com.clickstream.attribution.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** What a figure was measured on: CPU, memory, JDK, OS, load, and the versions of the measured parts. */
public final class Machine {

    private Machine() {
    }

    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("loadAverageAtStart", String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        Properties versions = new Properties();
        try (InputStream in = Machine.class.getResourceAsStream("/bench-versions.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        versions.stringPropertyNames().stream().sorted().forEach(k -> m.put(k, versions.getProperty(k)));
        return m;
    }

    /** One line for the report: "2 cores (CPU), 24 GiB, JDK ..., load ...". */
    public static String line(Map<String, String> m) {
        StringBuilder versions = new StringBuilder();
        m.forEach((k, v) -> {
            if (k.startsWith("version.")) {
                versions.append(versions.isEmpty() ? "" : ", ").append(k.substring(8)).append(' ').append(v);
            }
        });
        return "Measured on " + m.get("cores") + " cores (" + m.get("cpu") + "), " + m.get("memory") + " RAM, "
                + m.get("jdk") + ", " + m.get("os") + "; load average " + m.get("loadAverageAtStart")
                + " at start. " + versions;
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
