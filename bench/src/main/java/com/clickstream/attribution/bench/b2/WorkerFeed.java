package com.clickstream.attribution.bench.b2;

import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Asks the Spark worker to feed its MemoryStream ({@link ControlDir} step files) and collects its send log. */
final class WorkerFeed implements Feed {

    private final ControlDir control;
    private final BooleanSupplier workerAlive;

    WorkerFeed(ControlDir control, BooleanSupplier workerAlive) {
        this.control = control;
        this.workerAlive = workerAlive;
    }

    @Override
    public void feed(int step, int rate, long firstIndex, long count, SendLog log) throws Exception {
        control.write("step-" + step, String.format(Locale.ROOT, "%d %d %d", rate, count, firstIndex));
        Duration timeout = Duration.ofSeconds(120 + 2 * count / Math.max(1, rate));
        control.await(timeout, workerAlive, "done-" + step);
        SendLog.read(control.path("sends-" + step)).chunks().forEach(log::add);
    }

    @Override
    public void close() {
    }
}
