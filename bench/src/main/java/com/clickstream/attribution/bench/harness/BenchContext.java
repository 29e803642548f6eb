package com.clickstream.attribution.bench.harness;

import java.nio.file.Path;

/**
 * What every benchmark gets: how many runs per measurement, whether this is a quick smoke run (small
 * sizes, for checking the harness, not for figures), a scratch directory, where charts go, progress.
 */
public record BenchContext(int runs, boolean quick, Path workDir, Path chartDir, Progress progress) {

    /** The chart file {@code docs/benchmarks/<name>} (the section references it by name). */
    public Path chart(String name) {
        return chartDir.resolve(name);
    }
}
