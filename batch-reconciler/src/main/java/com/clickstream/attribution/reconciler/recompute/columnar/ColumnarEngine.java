package com.clickstream.attribution.reconciler.recompute.columnar;

import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.reconciler.raw.RejectedRawRow;
import com.clickstream.attribution.reconciler.raw.StageResult;
import com.clickstream.attribution.reconciler.recompute.BucketAnswers;
import com.clickstream.attribution.reconciler.recompute.CheckoutCopies;
import com.clickstream.attribution.reconciler.recompute.RecomputeEngine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The columnar engine ({@code reconciler.engine=local}, the default): click objects decoded straight from
 * their Parquet pages into per-bucket click rows ({@link ColumnarStager}), with run-wide codes for the fields
 * of few values ({@link FieldCodes}); each bucket recomputed from primitive columns ({@link BucketRecompute});
 * attribution-core's rules get {@code Click} objects only for a checkout's candidates. Same answers, evidence,
 * rollups, rejected rows and skips as {@code AvroSpillEngine}; memory holds one bucket per worker, plus the codes.
 */
public final class ColumnarEngine implements RecomputeEngine {

    private final ColumnarStager stager;
    /** The codes of the staged directory, read once, and the worker of each thread (reused bucket after bucket). */
    private volatile Staged staged;

    public ColumnarEngine(RawEventSource source, int threads) {
        Objects.requireNonNull(source, "source");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, was " + threads);
        }
        this.stager = new ColumnarStager(source, threads);
    }

    @Override
    public StageResult stage(ReconciliationParameters parameters, Instant arrivalUntil, Path dir,
            Consumer<RejectedRawRow> rejectedRows) {
        staged = null;
        return stager.stage(parameters, arrivalUntil, dir, rejectedRows);
    }

    @Override
    public BucketAnswers recompute(ReconciliationParameters parameters, Path dir, int bucket) {
        return staged(dir).worker.get().recompute(parameters, ClickSpill.file(dir, bucket), CheckoutCopies.read(dir, bucket));
    }

    private Staged staged(Path dir) {
        Staged s = staged;
        if (s == null || !s.dir.equals(dir)) {
            synchronized (this) {
                s = staged;
                if (s == null || !s.dir.equals(dir)) {
                    FieldCodes codes = FieldCodes.read(dir);
                    s = new Staged(dir, ThreadLocal.withInitial(() -> new BucketRecompute(codes)));
                    staged = s;
                }
            }
        }
        return s;
    }

    private record Staged(Path dir, ThreadLocal<BucketRecompute> worker) {
    }
}
