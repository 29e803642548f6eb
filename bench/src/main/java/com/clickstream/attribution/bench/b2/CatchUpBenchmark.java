package com.clickstream.attribution.bench.b2;

import com.clickstream.attribution.bench.harness.BenchContext;
import com.clickstream.attribution.bench.harness.Benchmark;
import com.clickstream.attribution.bench.harness.Section;
import com.clickstream.attribution.bench.harness.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * B2, catch-up after a stop (issue 14): how long the streaming job takes to drain a backlog of 10 and
 * 60 minutes of traffic at 1,000 events/s after a stop, the events/s while draining, and late-dropped,
 * which must be 0 (the traffic has no late records). One {@link CatchUpRun} per backlog and run.
 */
public final class CatchUpBenchmark implements Benchmark {

    static final int RATE = 1_000;
    static final List<Integer> MINUTES = List.of(10, 60);
    static final List<Integer> QUICK_MINUTES = List.of(1);

    @Override
    public String id() {
        return "b2c";
    }

    @Override
    public String title() {
        return "B2 — catch-up after a stop";
    }

    @Override
    public void run(BenchContext context, Section section) throws Exception {
        // -Db2c.minutes=10 measures only some backlogs (the 60-minute one takes the better part of an hour here)
        String only = System.getProperty("b2c.minutes");
        List<Integer> backlogs = only != null ? java.util.Arrays.stream(only.split(",")).map(String::trim)
                .map(Integer::valueOf).toList() : context.quick() ? QUICK_MINUTES : MINUTES;
        section.note(String.format(Locale.ROOT, "**Method.** A fresh stack per run, as B2's kinesalite variant (PostgreSQL "
                + "with fsync on, kinesalite 2 streams x 2 shards, the job on local[2] with trigger 1 s, allowed lateness "
                + "5 min, `--max_records_per_read 10000`). The job reads one minute of traffic live and is stopped; then "
                + "N minutes of clean generator traffic at %,d events/s of event time (both streams, interleaved in arrival "
                + "order) are put into kinesalite as fast as it takes them, and the job is started again on its "
                + "checkpoint. **Drain** = from the restart (JVM start) to the commit of the last record; **events/s "
                + "while draining** = backlog records / (drain - start-up). Late-dropped should be 0 (the traffic has no late "
                + "records, nothing is behind its own stream); the watermark is per stream, not per shard, so a shard that "
                + "holds a few per cent fewer records than its sibling reaches the end of the backlog ahead of it in event time, "
                + "and over hours of event time that exceeds the 5 minutes (docs/streaming.md, known limits). "
                + "%d run(s) per backlog; median (min – max).", RATE, context.runs()));
        var table = section.table("Catch-up after a stop", "backlog", "records", "feed into kinesalite s",
                "start-up s", "drain s", "events/s while draining", "data batches", "late-dropped", "job peak RSS MB");
        for (int minutes : backlogs) {
            List<CatchUpRun.Result> runs = new ArrayList<>();
            for (int run = 1; run <= context.runs(); run++) {
                String label = String.format(Locale.ROOT, "b2c %d min run %d/%d", minutes, run, context.runs());
                CatchUpRun.Result r = CatchUpRun.run(minutes, RATE, context.workDir().resolve("catch-up-" + minutes
                        + "-run" + run), context.progress(), label);
                if (r.lateDropped() != 0) { // reported, not hidden: see the per-shard note in the method
                    context.progress().say("%s: %d records late-dropped; the traffic has no late records", label,
                            r.lateDropped());
                }
                runs.add(r);
            }
            Stats drain = stats(runs, "s", CatchUpRun.Result::drainSeconds);
            Stats eps = stats(runs, "events/s", CatchUpRun.Result::drainEventsPerSecond);
            table.row(minutes + " min at " + String.format(Locale.ROOT, "%,d", RATE) + "/s",
                    String.format(Locale.ROOT, "%,d", runs.get(0).backlogRecords()),
                    stats(runs, "s", CatchUpRun.Result::feedSeconds), stats(runs, "s", CatchUpRun.Result::startupSeconds),
                    drain, eps, stats(runs, "", r -> r.batches()), stats(runs, "", r -> r.lateDropped()),
                    stats(runs, "MB", r -> r.peakRssBytes() / 1e6));
            section.metric("catch_up_" + minutes + "m.drain_s", drain);
            section.metric("catch_up_" + minutes + "m.events_per_s", eps);
        }
    }

    private static Stats stats(List<CatchUpRun.Result> runs, String unit, ToDoubleFunction<CatchUpRun.Result> f) {
        return Stats.of(unit, runs.stream().mapToDouble(f).toArray());
    }
}
