package com.clickstream.attribution.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident set size (VmHWM) of a process, from /proc (Linux). 0 when it is gone or unreadable. */
public final class PeakRss {

    private PeakRss() {
    }

    public static long of(long pid) {
        return parse(Path.of("/proc", Long.toString(pid), "status"));
    }

    /** This JVM's own peak. */
    public static long self() {
        return parse(Path.of("/proc/self/status"));
    }

    static long parse(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
