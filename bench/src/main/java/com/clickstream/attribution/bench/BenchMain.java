package com.clickstream.attribution.bench;

import com.clickstream.attribution.bench.b1.ReconcilerVsDuckDbBenchmark;
import com.clickstream.attribution.bench.b2.StreamingBenchmark;
import com.clickstream.attribution.bench.b3.PostgresSinkBenchmark;
import com.clickstream.attribution.bench.b4.WallTimeBenchmark;
import com.clickstream.attribution.bench.harness.BenchContext;
import com.clickstream.attribution.bench.harness.Benchmark;
import com.clickstream.attribution.bench.harness.Machine;
import com.clickstream.attribution.bench.harness.Progress;
import com.clickstream.attribution.bench.harness.Report;
import com.clickstream.attribution.bench.harness.ResultsFile;
import com.clickstream.attribution.bench.harness.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./pipeline bench}: runs the benchmarks (all, or {@code --only b1,b3}), each measurement
 * {@code --runs} times, and writes docs/benchmarks.md (its generated sections), the PNG charts and
 * docs/benchmarks/results.json. Benchmarks assert nothing about time; they do fail when a measured
 * engine computes a wrong answer.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs the benchmarks and writes docs/benchmarks.md, its charts and results.json.")
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--only", split = ",", paramLabel = "ID",
            description = "Benchmarks to run: b1 (reconciler vs DuckDB), b2 (streaming), b3 (PostgreSQL sink), "
                    + "b4 (demo and test-suite wall time). Default: all.")
    List<String> only = new ArrayList<>();

    @Option(names = "--runs", defaultValue = "3", description = "Runs per measurement (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--quick", description = "Small sizes and short steps: checks the benchmarks work; "
            + "the figures mean nothing. Writes to the work directory, not to docs/.")
    boolean quick;

    @Option(names = "--docs", defaultValue = "docs", description = "Where benchmarks.md goes (default ${DEFAULT-VALUE}).")
    Path docs;

    @Option(names = "--work-dir", defaultValue = "bench/target/bench-work",
            description = "Scratch space for datasets, servers and logs (default ${DEFAULT-VALUE}).")
    Path workDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    static Map<String, Benchmark> all() {
        Map<String, Benchmark> all = new LinkedHashMap<>();
        for (Benchmark b : List.of(new ReconcilerVsDuckDbBenchmark(), new StreamingBenchmark(),
                new PostgresSinkBenchmark(), new WallTimeBenchmark())) {
            all.put(b.id(), b);
        }
        return all;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Benchmark> all = all();
        List<Benchmark> selected = new ArrayList<>();
        for (String id : only.isEmpty() ? List.copyOf(all.keySet()) : only) {
            Benchmark b = all.get(id.trim().toLowerCase());
            if (b == null) {
                System.err.println("unknown benchmark '" + id + "'; known: " + all.keySet());
                return 2;
            }
            selected.add(b);
        }
        if (runs < 1) {
            System.err.println("--runs must be at least 1");
            return 2;
        }
        Path out = quick ? workDir.resolve("quick-report") : docs;
        Path chartDir = out.resolve("benchmarks");
        Files.createDirectories(chartDir);
        Files.createDirectories(workDir);
        Progress progress = new Progress();
        Map<String, String> machine = Machine.describe();
        progress.say("%s", Machine.line(machine));
        for (Benchmark benchmark : selected) {
            progress.say("=== %s: %s (%d runs per measurement%s)", benchmark.id(), benchmark.title(), runs,
                    quick ? ", quick" : "");
            Section section = new Section(benchmark.id(), benchmark.title());
            BenchContext context = new BenchContext(runs, quick, workDir.resolve(benchmark.id()).toAbsolutePath(),
                    chartDir.toAbsolutePath(), progress);
            Files.createDirectories(context.workDir());
            benchmark.run(context, section);
            Report.write(out.resolve("benchmarks.md"), section, Machine.line(machine));
            ResultsFile.write(chartDir.resolve("results.json"), section, machine);
            progress.say("=== %s done: %s updated", benchmark.id(), out.resolve("benchmarks.md"));
        }
        return 0;
    }
}
