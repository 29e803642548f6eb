package com.clickstream.attribution.bench.b1;

import com.clickstream.attribution.bench.harness.ChildRun;
import com.clickstream.attribution.bench.harness.PeakRss;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.FileRawEventSource;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.reconciler.raw.StageResult;
import com.clickstream.attribution.reconciler.recompute.RecomputeEngine;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import com.clickstream.attribution.reconciler.recompute.UserReconciliation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child-JVM worker: the reconciler's recompute of a dataset's full range, without the database, through the
 * job's own {@link RecomputeEngine} (system property {@value #ENGINE}: the engine class, default the
 * columnar engine {@code ColumnarEngine}; {@code AvroSpillEngine} for the row-at-a-time one): staging into
 * per-bucket files, then every bucket's {@link RecomputeEngine#recompute}, buckets on one thread per core
 * like the job's partition handler. Only the transport differs: files are read from local disk
 * ({@link FileRawEventSource}) like DuckDB reads them. Timed: staging + recompute until every answer is in
 * memory; writing the answers file is not timed. The engine is loaded by name, so an older reconciler jar
 * first on the classpath (B1's baseline) runs its own engine.
 *
 * <p>Arguments: {@code <dataset root> <answers file> [buckets]}.
 */
public final class ReconcilerRecomputeWorker {

    /** System property naming the engine class (a constructor {@code (RawEventSource, int threads)}). */
    public static final String ENGINE = "b1.engine";
    public static final String COLUMNAR = "com.clickstream.attribution.reconciler.recompute.columnar.ColumnarEngine";
    public static final String AVRO = "com.clickstream.attribution.reconciler.recompute.AvroSpillEngine";

    public static void main(String[] args) throws Exception {
        RawDataset dataset = RawDataset.open(Path.of(args[0]));
        Path answersFile = Path.of(args[1]);
        long buckets = args.length > 2 ? Long.parseLong(args[2]) : ReconciliationParameters.DEFAULT_BUCKETS;
        int workers = Runtime.getRuntime().availableProcessors();
        ReconciliationParameters parameters = ReconciliationParameters.of(dataset.from().toString(),
                dataset.to().toString(), AttributionWindow.DEFAULT_LENGTH.toString(),
                ReconciliationParameters.DEFAULT_LOOKBACK.toString(), ReconciliationParameters.DEFAULT_LATENESS.toString(),
                buckets);
        Path spillDir = Files.createTempDirectory(answersFile.toAbsolutePath().getParent(), "spill-");
        String engineClass = System.getProperty(ENGINE, COLUMNAR);
        RecomputeEngine engine = (RecomputeEngine) Class.forName(engineClass)
                .getConstructor(RawEventSource.class, int.class)
                .newInstance(new FileRawEventSource(dataset.bucketDir()), workers);

        long started = System.nanoTime();
        StageResult staged = engine.stage(parameters, dataset.to().plus(Duration.ofDays(1)), spillDir, row -> { });
        double stageSeconds = (System.nanoTime() - started) / 1e9;

        AtomicInteger users = new AtomicInteger();
        double seconds;
        long checkouts;
        long attributed;
        // answers go to the file bucket by bucket, as the reconciler writes its curated rows: the worker's
        // memory is the engine's, not a list of every answer (the benchmark sorts the file afterwards)
        try (Answers.Writer answers = new Answers.Writer(answersFile)) {
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int b = 0; b < parameters.buckets(); b++) {
                    int bucket = b;
                    done.add(pool.submit(() -> {
                        List<Answers.Answer> local = new ArrayList<>();
                        for (UserReconciliation user : engine.recompute(parameters, spillDir, bucket).users()) {
                            users.incrementAndGet();
                            for (RecomputedCheckout checkout : user.checkouts()) {
                                local.add(answer(checkout));
                            }
                        }
                        answers.add(local);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow(); // a failed bucket must not leave worker threads keeping the JVM alive
            }
            seconds = (System.nanoTime() - started) / 1e9;
            checkouts = answers.written();
            attributed = answers.attributed();
        }
        try (var files = Files.list(spillDir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(spillDir);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("engine", "reconciler");
        result.put("recomputeEngine", engineClass.substring(engineClass.lastIndexOf('.') + 1));
        result.put("seconds", seconds);
        result.put("stageSeconds", stageSeconds);
        result.put("eventsRead", staged.eventsRead());
        result.put("checkouts", checkouts);
        result.put("attributed", attributed);
        result.put("users", users.get());
        result.put("workers", workers);
        result.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        result.put("peakRssBytes", PeakRss.self());
        ChildRun.report(result);
    }

    private static Answers.Answer answer(RecomputedCheckout checkout) {
        var a = checkout.answer();
        return new Answers.Answer(a.checkoutId(), a.userId(), a.revenue().toPlainString(),
                a.click().map(c -> c.clickId()).orElse(""), a.trafficSource());
    }
}
