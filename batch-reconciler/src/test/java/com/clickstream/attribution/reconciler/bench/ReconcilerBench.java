package com.clickstream.attribution.reconciler.bench;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import com.clickstream.attribution.reconciler.run.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.StepExecution;

/**
 * MEASUREMENT, not a test (never part of {@code verify}: the name matches neither surefire's nor
 * failsafe's patterns, and it only runs with {@code -Dbench=true}):
 * <pre>
 * mvn -B -pl batch-reconciler verify -Dnpm.skip=true -Dbench=true -Dit.test=ReconcilerBench \
 *     -Dbench.events=1000000 -DargLine=-Xmx2g
 * </pre>
 * Generates {@code bench.events} events (the generator's default faults), lands them as Parquet in
 * s3proxy (on disk), and runs one reconciliation against an empty table (every checkout is inserted,
 * the worst case for writes) with fsync and synchronous_commit back ON. Prints staging and recompute
 * throughput and the peak heap of the reconciliation (heap pools' peaks, reset after generation).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ReconcilerBench {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inDirectory(Path.of("target", "bench-s3"));

    @Test
    void measure() throws Exception {
        long events = Long.getLong("bench.events", 1_000_000L);
        int buckets = Integer.getInteger("bench.buckets", 64);
        double rate = 200.0;
        Duration span = Duration.ofSeconds((long) (events * 1.3 / rate)); // valid events per second < rate; maxEvents caps
        int users = (int) Math.max(2_000, events / 50);
        Instant start = Instant.parse("2024-03-01T00:00:00Z");
        GeneratorConfig config = new GeneratorConfig(11L, users, start, span, events, rate,
                0.01, 0.02, Duration.ofMinutes(10), Duration.ofHours(2), 0.05, Duration.ofSeconds(30),
                0.0, 0.03, 0.2);

        // given: the raw history in s3proxy
        S3.createBucket("raw-bench");
        StreamingRawLander lander = new StreamingRawLander(S3.s3Client(), "raw-bench", 25_000);
        EventParser parser = new EventParser(ValidationPolicy.DEFAULT.withRetention(Duration.ofDays(36_500)),
                Clock.fixed(config.end().plus(Duration.ofHours(3)), ZoneOffset.UTC));
        long t0 = System.nanoTime();
        AtomicLong landed = new AtomicLong();
        TrafficGenerator generator = new TrafficGenerator(config);
        while (generator.hasNext()) {
            GeneratedRecord record = generator.next();
            if (parser.parse(record.record().payload()) instanceof ParseResult.Valid valid) {
                lander.land(valid.event(), record.arrivalTime());
                landed.incrementAndGet();
            }
        }
        lander.flush();
        double landSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("BENCH landed %,d events in %,d objects (%,d MB) in %.1f s%n", landed.get(), lander.objects(),
                lander.bytes() >> 20, landSeconds);

        // PostgreSQL's defaults back on: a write figure without fsync would flatter
        try (var c = POSTGRES.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET fsync = on");
            s.execute("ALTER SYSTEM SET synchronous_commit = on");
            s.execute("SELECT pg_reload_conf()");
        }
        Path workDir = Files.createDirectories(Path.of("target", "bench-work"));
        try (ReconcilerHarness reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-bench", workDir,
                Map.of("reconciler.chunk-size", "500"))) {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long before = usedHeap();
            long t1 = System.nanoTime();
            Instant to = config.end().plus(Duration.ofHours(1));
            ReconciliationLauncher.Outcome outcome;
            long live;
            try (LiveHeapMonitor monitor = new LiveHeapMonitor()) {
                outcome = reconciler.reconcile(Map.of("from", start.toString(),
                        "to", to.toString(), "buckets", Integer.toString(buckets)));
                live = monitor.maxUsedAfterGc();
            }
            double jobSeconds = (System.nanoTime() - t1) / 1e9;
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            double stage = seconds(outcome, "stageRawEventsStep");
            double recompute = seconds(outcome, "reconcileStep");
            Map<String, Object> run = reconciler.run(outcome.runId().orElseThrow());
            long read = (Long) run.get("events_read");
            System.out.printf("BENCH events=%,d buckets=%d workers=%d status=%s checkouts=%s corrections=%s%n", read,
                    buckets, Runtime.getRuntime().availableProcessors(), run.get("status"), run.get("checkouts"),
                    run.get("corrections"));
            System.out.printf("BENCH stage %.1f s (%,.0f events/s), recompute+diff+write %.1f s (%,.0f events/s), "
                            + "whole job %.1f s (%,.0f events/s)%n", stage, read / stage, recompute, read / recompute,
                    jobSeconds, read / jobSeconds);
            System.out.printf("BENCH heap: used before %,d MB, peak live (max used after a GC) %,d MB, peak used %,d MB "
                    + "(sum of heap pool peaks), -Xmx %,d MB%n", before >> 20, live >> 20, peak >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);

            // the nightly steady state: the same range again, every row already right
            long t2 = System.nanoTime();
            ReconciliationLauncher.Outcome again = reconciler.reconcile(Map.of("from", start.toString(),
                    "to", to.toString(), "buckets", Integer.toString(buckets)));
            double againSeconds = (System.nanoTime() - t2) / 1e9;
            double againRecompute = seconds(again, "reconcileStep");
            System.out.printf("BENCH second run (nothing to correct): corrections=%s, recompute+diff %.1f s (%,.0f events/s), "
                            + "whole job %.1f s (%,.0f events/s)%n",
                    reconciler.run(again.runId().orElseThrow()).get("corrections"), againRecompute, read / againRecompute,
                    againSeconds, read / againSeconds);
        }
    }

    private static double seconds(ReconciliationLauncher.Outcome outcome, String step) {
        for (StepExecution s : outcome.execution().getStepExecutions()) {
            if (s.getStepName().equals(step)) {
                return Duration.between(s.getStartTime(), s.getEndTime()).toMillis() / 1000.0;
            }
        }
        return Double.NaN;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
