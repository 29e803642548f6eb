package com.clickstream.attribution.reconciler.curated;

import com.clickstream.attribution.core.curated.CuratedAttribution;
import com.clickstream.attribution.core.curated.CuratedRollupPartial;
import com.clickstream.attribution.core.curated.CuratedTouchCredit;
import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.core.rules.RuleVersion;
import com.clickstream.attribution.rawstore.curated.CuratedLayout;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.internal.Futures;
import com.clickstream.attribution.reconciler.raw.RejectedRawRow;
import com.clickstream.attribution.reconciler.raw.StageResult;
import com.clickstream.attribution.reconciler.recompute.BucketAnswers;
import com.clickstream.attribution.reconciler.recompute.RecomputeEngine;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import com.clickstream.attribution.reconciler.recompute.UserReconciliation;
import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.avro.SchemaNormalization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recompute stage: raw objects -> the run's curated files -> its manifest (last).
 *
 * <p>The engine reads the raw data once ({@link RecomputeEngine#stage}), then every user-id bucket is
 * recomputed and written on {@code threads} threads: per checkout day one attributions file and one
 * touch-credits file, and one rollup-partials file per bucket (also when empty, so every bucket has one).
 * Writes are idempotent (the same keys on a re-run of the same run), and nothing is visible before the
 * manifest: a recompute killed half-way leaves files no reader looks at, and its restart writes them again.
 */
public final class CuratedRecompute {

    private static final Logger log = LoggerFactory.getLogger(CuratedRecompute.class);

    /** The curated tables' schema fingerprints, recorded in every manifest. */
    static final Map<String, String> SCHEMA_FINGERPRINTS = Map.of(
            "attributions", fingerprint(CuratedAttribution.getClassSchema()),
            "touch_credits", fingerprint(CuratedTouchCredit.getClassSchema()),
            "rollup_partials", fingerprint(CuratedRollupPartial.getClassSchema()));

    private final RecomputeEngine engine;
    private final String engineName;
    private final CuratedStore store;
    private final int threads;
    private final Clock clock;

    public CuratedRecompute(RecomputeEngine engine, String engineName, CuratedStore store, int threads, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.engineName = Objects.requireNonNull(engineName, "engineName");
        this.store = Objects.requireNonNull(store, "store");
        this.threads = threads;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Recomputes run {@code runId} into the curated dataset and returns its manifest (already written). */
    public RunManifest run(long runId, ReconciliationParameters parameters, Instant arrivalUntil, Path workDir,
            Consumer<RejectedRawRow> rejectedRows) {
        long started = System.nanoTime();
        StageResult stage = engine.stage(parameters, arrivalUntil, workDir, rejectedRows);
        ExecutorService pool = Executors.newFixedThreadPool(threads, Futures.daemonThreads("recompute"));
        List<Future<BucketResult>> futures = new ArrayList<>();
        try {
            for (int b = 0; b < parameters.buckets(); b++) {
                int bucket = b;
                futures.add(pool.submit(() -> writeBucket(runId, parameters, workDir, bucket)));
            }
            List<RunManifest.BucketFiles> files = new ArrayList<>();
            long duplicates = 0;
            long credits = 0;
            long partials = 0;
            long checkouts = 0;
            for (Future<BucketResult> future : futures) {
                BucketResult r = Futures.await(future, "recomputing a bucket");
                files.add(r.files());
                duplicates += r.duplicates();
                credits += r.touchCredits();
                partials += r.rollupPartials();
                checkouts += r.files().checkouts();
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            rows.put("attributions", checkouts);
            rows.put("touch_credits", credits);
            rows.put("rollup_partials", partials);
            RunManifest manifest = new RunManifest(runId, engineName, parameters.from().toString(),
                    parameters.to().toString(), Durations.format(parameters.window().length()), String.valueOf(RuleVersion.CURRENT),
                    new TreeMap<>(SCHEMA_FINGERPRINTS), arrivalUntil.toString(), parameters.buckets(), stage.objectsListed(),
                    stage.objectsRead(), stage.skips(), stage.eventsRead(), stage.eventsStaged(), stage.rejectedRows(),
                    duplicates, rows, files, clock.instant().toString(), null);
            store.writeManifest(manifest);
            log.info("recompute of run {} ({} engine): {} checkouts, {} touch credits, {} rollup partials in {} buckets, "
                    + "{} raw objects skipped, {} s; manifest s3://{}/{}", runId, engineName, checkouts, credits, partials,
                    parameters.buckets(), stage.skips().size(), String.format("%.2f", (System.nanoTime() - started) / 1e9),
                    store.bucket(), CuratedLayout.manifestKey(runId));
            return manifest;
        } finally {
            pool.shutdownNow();
        }
    }

    private record BucketResult(RunManifest.BucketFiles files, long duplicates, long touchCredits, long rollupPartials) {
    }

    private BucketResult writeBucket(long runId, ReconciliationParameters parameters, Path workDir, int bucket) {
        BucketAnswers answers = engine.recompute(parameters, workDir, bucket);
        Map<LocalDate, List<CuratedAttribution>> attributions = new TreeMap<>();
        Map<LocalDate, List<CuratedTouchCredit>> credits = new TreeMap<>();
        RollupTotals rollups = answers.rollups();
        long checkouts = 0;
        for (UserReconciliation user : answers.users()) {
            for (RecomputedCheckout checkout : user.checkouts()) {
                LocalDate day = LocalDate.ofInstant(checkout.answer().checkoutTs(), ZoneOffset.UTC);
                attributions.computeIfAbsent(day, d -> new ArrayList<>()).add(CuratedRows.attribution(runId, bucket, checkout));
                credits.computeIfAbsent(day, d -> new ArrayList<>()).addAll(CuratedRows.touchCredits(runId, checkout));
                checkouts++;
            }
        }
        List<String> attributionKeys = new ArrayList<>();
        List<String> creditKeys = new ArrayList<>();
        long creditRows = 0;
        for (Map.Entry<LocalDate, List<CuratedAttribution>> day : attributions.entrySet()) {
            String key = CuratedLayout.attributionsKey(runId, day.getKey(), bucket);
            store.writeParquet(key, CuratedAttribution.getClassSchema(), day.getValue());
            attributionKeys.add(key);
            List<CuratedTouchCredit> dayCredits = credits.get(day.getKey());
            String creditKey = CuratedLayout.touchCreditsKey(runId, day.getKey(), bucket);
            store.writeParquet(creditKey, CuratedTouchCredit.getClassSchema(), dayCredits);
            creditKeys.add(creditKey);
            creditRows += dayCredits.size();
        }
        List<CuratedRollupPartial> partials = CuratedRows.rollupPartials(runId, rollups);
        String partialsKey = CuratedLayout.rollupPartialsKey(runId, bucket);
        store.writeParquet(partialsKey, CuratedRollupPartial.getClassSchema(), partials);
        return new BucketResult(new RunManifest.BucketFiles(bucket, attributionKeys, creditKeys, partialsKey, checkouts),
                answers.duplicates(), creditRows, partials.size());
    }

    private static String fingerprint(org.apache.avro.Schema schema) {
        return Long.toHexString(SchemaNormalization.parsingFingerprint64(schema));
    }
}
