package com.clickstream.attribution.bench;

import static com.clickstream.attribution.support.cli.ErrorLines.describe;

import com.clickstream.attribution.bench.b1.ReconcilerVsDuckDbBenchmark;
import com.clickstream.attribution.bench.b2.CatchUpBenchmark;
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
import com.clickstream.attribution.support.cli.CommandLines;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

    /** Exit codes: 0 done, 1 a benchmark failed, 2 bad arguments. */
    public static final int FAILED = 1;
    public static final int BAD_ARGUMENTS = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line; returns the exit code. Errors are one line on {@code err}, never a stack
     * trace: bad arguments (unknown option or benchmark, bad number) exit 2 before anything runs; a
     * failing benchmark exits 1 with its reason, and its stack trace goes to {@code <work-dir>/bench-error.log}.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = CommandLines.create(new BenchMain(), "bench", out, err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            BenchMain bench = commandLine.getCommand();
            commandLine.getErr().println("bench: failed: " + describe(e) + bench.saveStackTrace(e));
            return FAILED;
        });
        return cli.execute(args);
    }

    /** Writes the failure's stack trace next to the work files; returns where, for the error line. */
    private String saveStackTrace(Throwable e) {
        try {
            Path log = workDir.toAbsolutePath().resolve("bench-error.log");
            Files.createDirectories(log.getParent());
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            Files.writeString(log, trace.toString());
            return " (stack trace in " + log + ")";
        } catch (IOException | RuntimeException cannotWrite) {
            return "";
        }
    }



    static Map<String, Benchmark> all() {
        Map<String, Benchmark> all = new LinkedHashMap<>();
        for (Benchmark b : List.of(new ReconcilerVsDuckDbBenchmark(), new StreamingBenchmark(),
                new CatchUpBenchmark(), new PostgresSinkBenchmark(), new WallTimeBenchmark())) {
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
                throw new ParameterException(spec.commandLine(), "--only: unknown benchmark '" + id + "'; known: " + all.keySet());
            }
            selected.add(b);
        }
        if (runs < 1) {
            throw new ParameterException(spec.commandLine(), "--runs must be at least 1, was " + runs);
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
