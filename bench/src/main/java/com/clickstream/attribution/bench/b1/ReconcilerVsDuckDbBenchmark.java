package com.clickstream.attribution.bench.b1;

import com.clickstream.attribution.bench.harness.BenchContext;
import com.clickstream.attribution.bench.harness.Benchmark;
import com.clickstream.attribution.bench.harness.Charts;
import com.clickstream.attribution.bench.harness.ChildRun;
import com.clickstream.attribution.bench.harness.Section;
import com.clickstream.attribution.bench.harness.Stats;
import com.clickstream.attribution.bench.harness.Table;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * B1 — the reconciler's recompute against the tool an analyst would pick instead (DuckDB SQL) on the same raw
 * Parquet files, both checked to give identical answers, plus the whole reconciler job (diff, ledger, rollups)
 * on the same data. Every measurement runs in a fresh child JVM. Sizes: 1M and 10M events ({@code --quick}: 50k);
 * {@code -Db1.sizes=1M} runs only the sizes named.
 */
public final class ReconcilerVsDuckDbBenchmark implements Benchmark {

    /** Heap of every measured JVM (both workers and the job). DuckDB's own memory is native, outside it. */
    static final String HEAP = "-Xmx1g";
    static final List<Size> FULL = List.of(new Size(1_000_000, 11), new Size(10_000_000, 12));
    static final List<Size> QUICK = List.of(new Size(50_000, 11));
    private static final Duration TIMEOUT = Duration.ofHours(1);
    private static final String CHART = "b1-reconciler-vs-duckdb.png";
    private static final String RECOMPUTE = "reconciler recompute";
    private static final String DUCKDB = "DuckDB SQL";
    private static final String JOB = "full reconciler job";

    /**
     * An earlier build of batch-reconciler's plain jar (system property {@code b1.baselineJar}, label
     * {@code b1.baselineLabel}): when set, the recompute is also measured with that jar first on the
     * worker's classpath, and shown as its own row — the before/after of an optimization, on the same
     * machine, data and run. docs/benchmarks.md says how the baseline jar is built.
     */
    static final String BASELINE_JAR = "b1.baselineJar";
    static final String BASELINE_LABEL = "b1.baselineLabel";
    /** The engine class the baseline jar runs ({@code b1.baselineEngine}); default its row-at-a-time AvroSpillEngine. */
    static final String BASELINE_ENGINE = "b1.baselineEngine";

    /** A dataset size: generated events and the generator's seed. */
    record Size(long events, long seed) {
    }

    @Override
    public String id() {
        return "b1";
    }

    @Override
    public String title() {
        return "B1 — reconciler recompute vs DuckDB";
    }

    @Override
    public void run(BenchContext context, Section section) throws Exception {
        List<Size> sizes = sizes(context.quick(), System.getProperty("b1.sizes"));
        if (context.quick()) {
            section.note("**Quick run: figures mean nothing** (a small dataset, to check the benchmark works).");
        }
        section.note("""
                **What is compared.** The reconciler's recompute of a dataset's full range against DuckDB computing \
                the same first-click attribution with one SQL query over the same raw Parquet files, then the whole \
                reconciler job on the same data. Each dataset is generator traffic (fixed seed; the generator's \
                default late, duplicate and out-of-order faults; ~50 events per user) validated and landed as Snappy \
                Parquet in raw-store's layout (arrival-hour partitions, at most 25,000 rows per object). Every run is \
                a fresh child JVM with `%s` on the same files, which are read once before the runs so every run \
                starts with a warm page cache. Every run of both engines writes its answers (checkout, user, revenue, \
                credited click, traffic source) and the two files must be identical, else the benchmark fails; the \
                full job's rows in PostgreSQL are checked against the same answers.

                - **Reconciler recompute** (`ReconcilerRecomputeWorker`): the job's own `RecomputeEngine` without the \
                database, the columnar engine (`ColumnarEngine`, the default `reconciler.engine=local`): staging (local \
                files, click objects decoded from their Parquet pages into %d per-bucket click files) and recompute \
                (per bucket, buckets on one thread per core), timed until every answer is written: each bucket's answers \
                are appended to the answers file as the bucket completes (as the job writes its curated rows per \
                bucket), so the worker's memory is the engine's, and the file is sorted afterwards by the benchmark. \
                The baseline row \
                runs the baseline jar's row-at-a-time `AvroSpillEngine` through the same interface.
                - **DuckDB** (`DuckDbFirstClickWorker`): the query below over `read_parquet` of the dataset's click and \
                checkout files, `threads` = available processors, `memory_limit` left at DuckDB's default (80%% of \
                RAM); timed from executing the query until every row is fetched into Java (connection opened before). \
                Of the formulations tried on 1M events this was the fastest (0.45 CPU-seconds per query); an ASOF \
                join over clicks pre-aggregated per (user, millisecond) and the Athena query's `row_number()` \
                formulation (db/athena/queries.sql) each took about 2x its CPU time, a window over the union of both \
                event types (`min(…) OVER (… RANGE W PRECEDING)`) about 4x.
                - events/s = events landed (copies included, what both engines read) / seconds; peak RSS = VmHWM of the \
                worker process (heap and native memory, DuckDB's included).
                """.formatted(HEAP, ReconciliationParameters.DEFAULT_BUCKETS));
        section.note("```sql\n" + DuckDbFirstClickWorker.FIRST_CLICK_SQL.strip() + "\n```");
        section.note("""
                **Full reconciler job**: its Boot jar as a child process (`reconciler.mode=once`, `%s`, workers = \
                cores, %d buckets, default chunk size), `--from/--to` = the dataset's whole UTC days, reading the raw \
                files through s3proxy (filesystem backend serving the dataset directory as the bucket), writing to \
                embedded PostgreSQL 17 with `fsync` and `synchronous_commit` on. Every run starts from empty tables, \
                so every checkout is inserted with its line items and ledger row (the worst case for writes), then the \
                rollups are refreshed. Seconds (process) = process start to exit, JVM and Spring start included; \
                seconds (job execution) = the run's own time from its summary in `ecommerce.reconciliation_runs`; \
                the step times come from Spring Batch's step executions.
                """.formatted(HEAP, ReconciliationParameters.DEFAULT_BUCKETS));
        Table datasets = section.table("Datasets", "dataset", "seed", "events landed", "checkout records",
                "distinct checkouts", "attributed", "Parquet objects", "MB");
        Table engines = section.table("Recompute of the full range (median (min – max) of " + context.runs() + " runs)",
                "dataset", "engine", "seconds", "events/s", "peak RSS MB", "ratio reconciler / DuckDB");
        Table jobs = section.table("Full reconciler job against empty tables (median (min – max) of "
                + context.runs() + " runs)", "dataset", "seconds (process)", "seconds (job execution)",
                "events/s (process)", "checkouts written", "peak RSS MB", "recompute / apply / rollups s");

        Map<String, Map<String, Double>> chart = new LinkedHashMap<>();
        List<String> ratios = new ArrayList<>();
        for (Size size : sizes) {
            measure(context, section, size, datasets, engines, jobs, chart, ratios);
        }

        Path chartFile = context.chart(CHART);
        double max = chart.values().stream().flatMap(m -> m.values().stream()).mapToDouble(d -> d).max().orElse(1);
        double min = chart.values().stream().flatMap(m -> m.values().stream()).mapToDouble(d -> d).min().orElse(1);
        String title = "B1: seconds per engine (median of " + context.runs() + " runs)";
        boolean log = max / min > 20;
        Charts.bars(chartFile, title, "dataset", log ? "seconds (log scale)" : "seconds", chart, log);
        section.chart(CHART, "B1: reconciler recompute vs DuckDB vs the full job, seconds (median)");
        section.note("**Ratios** (median / median): " + String.join("; ", ratios) + ".");
    }

    private void measure(BenchContext context, Section section, Size size, Table datasets, Table engines, Table jobs,
            Map<String, Map<String, Double>> chart, List<String> ratios) throws Exception {
        String label = label(size.events());
        String key = label.toLowerCase(Locale.ROOT);
        Path root = context.workDir().resolve("dataset-" + size.events());
        RawDataset dataset = RawDataset.build(root, size.events(), size.seed(), context.progress());
        warmPageCache(dataset);
        Path answers = Files.createDirectories(context.workDir().resolve("answers-" + size.events()));
        Path logs = Files.createDirectories(context.workDir().resolve("logs"));
        String classpath = System.getProperty("java.class.path");
        double events = dataset.events();

        List<Double> recomputeSeconds = new ArrayList<>();
        List<Double> recomputeRss = new ArrayList<>();
        List<Double> stageSeconds = new ArrayList<>();
        String baselineJar = System.getProperty(BASELINE_JAR);
        String baselineLabel = RECOMPUTE + " " + System.getProperty(BASELINE_LABEL, baselineJar == null ? ""
                : "(" + Path.of(baselineJar).getFileName().toString().replaceFirst("\\.jar$", "") + ")");
        List<Double> baselineSeconds = new ArrayList<>();
        List<Double> baselineRss = new ArrayList<>();
        List<Double> duckSeconds = new ArrayList<>();
        List<Double> duckRss = new ArrayList<>();
        long checkouts = 0;
        long attributed = 0;
        String duckVersion = null;
        Path duckAnswers = answers.resolve("duckdb.csv");
        for (int run = 1; run <= context.runs(); run++) {
            Path recomputeAnswers = answers.resolve("reconciler.csv");
            JsonNode r = ChildRun.java(classpath, List.of(HEAP), ReconcilerRecomputeWorker.class.getName(),
                    List.of(root.toString(), recomputeAnswers.toString()), Map.of(),
                    logs.resolve("recompute-" + size.events() + "-" + run + ".log"), TIMEOUT).requireResult();
            recomputeSeconds.add(r.get("seconds").asDouble());
            stageSeconds.add(r.get("stageSeconds").asDouble());
            recomputeRss.add(mb(r.get("peakRssBytes").asLong()));
            context.progress().say("b1 %s: %s run %d/%d: %.2f s (staging %.2f s), %,.0f events/s, peak RSS %,.0f MB",
                    label, RECOMPUTE, run, context.runs(), r.get("seconds").asDouble(), r.get("stageSeconds").asDouble(),
                    events / r.get("seconds").asDouble(), mb(r.get("peakRssBytes").asLong()));

            JsonNode d = ChildRun.java(classpath, List.of(HEAP), DuckDbFirstClickWorker.class.getName(),
                    List.of(root.toString(), duckAnswers.toString()), Map.of(),
                    logs.resolve("duckdb-" + size.events() + "-" + run + ".log"), TIMEOUT).requireResult();
            duckSeconds.add(d.get("seconds").asDouble());
            duckRss.add(mb(d.get("peakRssBytes").asLong()));
            duckVersion = d.path("version").asText();
            checkouts = d.get("checkouts").asLong();
            attributed = d.get("attributed").asLong();
            context.progress().say("b1 %s: %s run %d/%d: %.2f s, %,.0f events/s, peak RSS %,.0f MB", label, DUCKDB, run,
                    context.runs(), d.get("seconds").asDouble(), events / d.get("seconds").asDouble(),
                    mb(d.get("peakRssBytes").asLong()));

            requireIdentical(duckAnswers, recomputeAnswers, label + " run " + run + ": reconciler recompute vs DuckDB");

            if (baselineJar != null) {
                Path baselineAnswers = answers.resolve("baseline.csv");
                JsonNode b = ChildRun.java(baselineJar + java.io.File.pathSeparator + classpath,
                        List.of(HEAP, "-D" + ReconcilerRecomputeWorker.ENGINE + "="
                                + System.getProperty(BASELINE_ENGINE, ReconcilerRecomputeWorker.AVRO)),
                        ReconcilerRecomputeWorker.class.getName(), List.of(root.toString(), baselineAnswers.toString()),
                        Map.of(), logs.resolve("baseline-" + size.events() + "-" + run + ".log"), TIMEOUT)
                        .requireResult();
                baselineSeconds.add(b.get("seconds").asDouble());
                baselineRss.add(mb(b.get("peakRssBytes").asLong()));
                context.progress().say("b1 %s: %s run %d/%d: %.2f s (staging %.2f s), peak RSS %,.0f MB", label,
                        baselineLabel, run, context.runs(), b.get("seconds").asDouble(),
                        b.get("stageSeconds").asDouble(), mb(b.get("peakRssBytes").asLong()));
                requireIdentical(duckAnswers, baselineAnswers, label + " run " + run + ": baseline vs DuckDB");
            }
        }
        context.progress().say("b1 %s: answers identical (%,d checkouts, %,d attributed)", label, checkouts, attributed);

        Stats recompute = new Stats("s", recomputeSeconds);
        Stats duck = new Stats("s", duckSeconds);
        double ratio = recompute.median() / duck.median();
        String dataLabel = String.format("%s events (%,d checkouts)", label, checkouts);
        datasets.row(dataLabel, size.seed(), String.format("%,d", dataset.events()),
                String.format("%,d", dataset.checkouts()), String.format("%,d", checkouts),
                String.format("%,d", attributed), dataset.objects(), Stats.number(mb(dataset.bytes())));
        engines.row(dataLabel, RECOMPUTE, recompute, recompute.map("events/s", s -> events / s),
                new Stats("MB", recomputeRss), String.format(Locale.ROOT, "%.2f", ratio));
        if (!baselineSeconds.isEmpty()) {
            Stats baseline = new Stats("s", baselineSeconds);
            engines.row(dataLabel, baselineLabel, baseline, baseline.map("events/s", s -> events / s),
                    new Stats("MB", baselineRss), String.format(Locale.ROOT, "%.2f", baseline.median() / duck.median()));
            section.metric("baseline_" + key + "_seconds", baseline);
            section.metric("baseline_" + key + "_peak_rss_mb", new Stats("MB", baselineRss));
            section.value("ratio_baseline_" + key, baseline.median() / duck.median());
            section.value("baseline_label", baselineLabel);
            chart.computeIfAbsent(baselineLabel, k -> new LinkedHashMap<>()).put(label, baseline.median());
        }
        engines.row(dataLabel, DUCKDB + " (DuckDB " + duckVersion + ")", duck, duck.map("events/s", s -> events / s),
                new Stats("MB", duckRss), "");

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("seed", size.seed());
        facts.put("events", dataset.events());
        facts.put("checkout_records", dataset.checkouts());
        facts.put("checkouts", checkouts);
        facts.put("attributed", attributed);
        facts.put("objects", dataset.objects());
        facts.put("bytes", dataset.bytes());
        section.value("dataset_" + key, facts);
        section.metric("recompute_" + key + "_seconds", recompute);
        section.metric("recompute_" + key + "_stage_seconds", new Stats("s", stageSeconds));
        section.metric("recompute_" + key + "_events_per_s", recompute.map("events/s", s -> events / s));
        section.metric("recompute_" + key + "_peak_rss_mb", new Stats("MB", recomputeRss));
        section.metric("duckdb_" + key + "_seconds", duck);
        section.metric("duckdb_" + key + "_events_per_s", duck.map("events/s", s -> events / s));
        section.metric("duckdb_" + key + "_peak_rss_mb", new Stats("MB", duckRss));
        section.value("ratio_" + key, ratio);

        Stats job = measureJob(context, section, dataset, label, key, duckAnswers, jobs, dataLabel);
        chart.computeIfAbsent(RECOMPUTE, k -> new LinkedHashMap<>()).put(label, recompute.median());
        chart.computeIfAbsent(DUCKDB, k -> new LinkedHashMap<>()).put(label, duck.median());
        chart.computeIfAbsent(JOB, k -> new LinkedHashMap<>()).put(label, job.median());
        section.value("ratio_job_" + key, job.median() / duck.median());
        ratios.add(String.format(Locale.ROOT, "%s: reconciler recompute / DuckDB = %.2f, full job / DuckDB = %.2f, "
                + "full job / recompute = %.2f", label, ratio, job.median() / duck.median(),
                job.median() / recompute.median()));
    }

    private Stats measureJob(BenchContext context, Section section, RawDataset dataset, String label, String key,
            Path expected, Table jobs, String dataLabel) throws Exception {
        double events = dataset.events();
        List<Double> seconds = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> jobSeconds = new ArrayList<>();
        Map<String, List<Double>> steps = new LinkedHashMap<>();
        long written = 0;
        context.progress().say("b1 %s: starting PostgreSQL (fsync on) and s3proxy for the full job", label);
        try (ReconcilerJobRun job = ReconcilerJobRun.start(dataset, context.workDir().resolve("job-" + dataset.requested()))) {
            for (int run = 1; run <= context.runs(); run++) {
                ReconcilerJobRun.Outcome o = job.run(List.of(HEAP),
                        context.workDir().resolve("logs").resolve("job-" + dataset.requested() + "-" + run + ".log"),
                        TIMEOUT);
                seconds.add(o.wallSeconds());
                rss.add(mb(o.peakRssBytes()));
                jobSeconds.add(o.jobSeconds());
                o.stepSeconds().forEach((step, s) -> steps.computeIfAbsent(step, k -> new ArrayList<>()).add(s));
                written = o.checkoutsWritten();
                context.progress().say("b1 %s: %s run %d/%d: %.1f s wall (job %.1f s: recompute %.1f, apply %.1f, "
                                + "rollups %.1f), %,.0f events/s, %,d checkouts + %,d items + %,d ledger rows written, "
                                + "peak RSS %,.0f MB", label, JOB, run, context.runs(), o.wallSeconds(), o.jobSeconds(),
                        o.stepSeconds().get("recomputeStep"), o.stepSeconds().get("applyStep"),
                        o.stepSeconds().get("refreshRollupsStep"), events / o.wallSeconds(), o.checkoutsWritten(),
                        o.itemsWritten(), o.ledgerRows(), mb(o.peakRssBytes()));
                Path jobAnswers = context.workDir().resolve("answers-" + dataset.requested()).resolve("job.csv");
                job.writeAnswers(jobAnswers);
                requireIdentical(expected, jobAnswers, label + " run " + run + ": full reconciler job vs DuckDB");
            }
        }
        Stats wall = new Stats("s", seconds);
        Stats recompute = new Stats("s", steps.get("recomputeStep"));
        Stats apply = new Stats("s", steps.get("applyStep"));
        Stats rollups = new Stats("s", steps.get("refreshRollupsStep"));
        jobs.row(dataLabel, wall, new Stats("s", jobSeconds), wall.map("events/s", s -> events / s), String.format("%,d", written),
                new Stats("MB", rss), Stats.number(recompute.median()) + " / " + Stats.number(apply.median()) + " / "
                        + Stats.number(rollups.median()));
        section.metric("job_" + key + "_seconds", wall);
        section.metric("job_" + key + "_execution_seconds", new Stats("s", jobSeconds));
        section.metric("job_" + key + "_events_per_s", wall.map("events/s", s -> events / s));
        section.metric("job_" + key + "_peak_rss_mb", new Stats("MB", rss));
        section.metric("job_" + key + "_recompute_seconds", recompute);
        section.metric("job_" + key + "_apply_seconds", apply);
        section.metric("job_" + key + "_rollups_seconds", rollups);
        section.value("job_" + key + "_checkouts_written", written);
        return wall;
    }

    /** The dataset sizes to run: quick or full, optionally only those labelled in {@code only} (e.g. "1M"). */
    static List<Size> sizes(boolean quick, String only) {
        List<Size> sizes = quick ? QUICK : FULL;
        if (only == null || only.isBlank()) {
            return sizes;
        }
        List<String> labels = List.of(only.toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
        List<Size> kept = sizes.stream().filter(s -> labels.contains(label(s.events()).toUpperCase(Locale.ROOT))).toList();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("-Db1.sizes=" + only + " matches none of "
                    + sizes.stream().map(s -> label(s.events())).toList());
        }
        return kept;
    }

    /** Fails the benchmark with the first differences when two answer files differ. */
    static void requireIdentical(Path expected, Path actual, String what) throws IOException {
        Answers.sortInPlace(actual); // the recompute worker writes its answers unsorted
        List<String> diffs = Answers.differences(expected, actual, 10);
        if (!diffs.isEmpty()) {
            throw new IllegalStateException(what + ": the answers differ (first differences):\n  "
                    + String.join("\n  ", diffs));
        }
    }

    /** 50k, 1M, 10M. */
    static String label(long events) {
        if (events >= 1_000_000 && events % 1_000_000 == 0) {
            return events / 1_000_000 + "M";
        }
        if (events >= 1_000 && events % 1_000 == 0) {
            return events / 1_000 + "k";
        }
        return Long.toString(events);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** Reads every file once, so that no engine pays for the first read from disk. */
    private static void warmPageCache(RawDataset dataset) throws IOException {
        try (Stream<Path> files = Files.walk(dataset.bucketDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
        }
    }
}
