package com.clickstream.attribution.bench.b4;

import com.clickstream.attribution.bench.harness.Dirs;
import com.clickstream.attribution.bench.harness.BenchContext;
import com.clickstream.attribution.bench.harness.Benchmark;
import com.clickstream.attribution.bench.harness.ChildRun;
import com.clickstream.attribution.bench.harness.Section;
import com.clickstream.attribution.bench.harness.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * B4 — the two README commands, timed as a user runs them: {@code ./pipeline demo} (after the build it
 * triggers is done, so the runs time the pipeline, not Maven) and {@code mvn -B verify} in a fresh clone
 * of the committed HEAD (what CI runs; the local Maven repository is warm, as on a CI cache hit).
 * {@code --quick} runs a one-minute demo once and skips the test suite.
 */
public final class WallTimeBenchmark implements Benchmark {

    private static final Duration DEMO_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration SUITE_TIMEOUT = Duration.ofMinutes(60);

    @Override
    public String id() {
        return "b4";
    }

    @Override
    public String title() {
        return "B4 — demo and test-suite wall time";
    }

    @Override
    public void run(BenchContext context, Section section) throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        String head = git(repo, context, "rev-parse", "--short", "HEAD");
        List<String> demo = new ArrayList<>(List.of("./pipeline", "demo", "--work-dir",
                context.workDir().resolve("demo").toString()));
        if (context.quick()) {
            demo.addAll(List.of("--minutes", "1"));
        }
        List<Double> demoSeconds = new ArrayList<>();
        for (int run = 1; run <= (context.quick() ? 1 : context.runs()); run++) {
            Dirs.deleteRecursively(context.workDir().resolve("demo"));
            context.progress().say("b4: %s (run %d)", String.join(" ", demo), run);
            ChildRun.Outcome outcome = ChildRun.run(demo, repo, Map.of(),
                    context.workDir().resolve("demo-" + run + ".log"), DEMO_TIMEOUT);
            requireSuccess(outcome, "./pipeline demo");
            demoSeconds.add(outcome.seconds());
            context.progress().say("b4: demo run %d took %.1f s", run, outcome.seconds());
        }
        Stats demoStats = new Stats("s", demoSeconds);
        section.metric("demo_seconds", demoStats);

        Stats suite = null;
        if (!context.quick()) {
            List<Double> suiteSeconds = new ArrayList<>();
            for (int run = 1; run <= context.runs(); run++) {
                Path clone = context.workDir().resolve("clone");
                Dirs.deleteRecursively(clone);
                git(repo, context, "clone", "-q", repo.toString(), clone.toString());
                context.progress().say("b4: mvn -B verify in a fresh clone of %s (run %d, ~6 min)", head, run);
                ChildRun.Outcome outcome = ChildRun.run(List.of("mvn", "-B", "verify"), clone, Map.of(),
                        context.workDir().resolve("verify-" + run + ".log"), SUITE_TIMEOUT);
                requireSuccess(outcome, "mvn -B verify");
                suiteSeconds.add(outcome.seconds());
                context.progress().say("b4: test suite run %d took %.0f s", run, outcome.seconds());
                Dirs.deleteRecursively(clone);
            }
            suite = new Stats("s", suiteSeconds);
            section.metric("test_suite_seconds", suite);
        }

        section.note("""
                Wall time of the README's two set-up commands. The demo is timed after `./pipeline` has \
                built what it needs (the build is not part of a run); each run starts from an empty work \
                directory (fresh PostgreSQL, S3 and Kinesis servers, ten minutes of generated event time fed \
                in about 36 s, the streaming job and the raw landing side by side, then the reconciler). \
                The test suite is `mvn -B verify` in a fresh `git clone` of commit `%s` with the local Maven \
                repository warm (dependency downloads are not timed).""".formatted(head));
        var table = section.table("", "command", "runs", "wall time");
        table.row(String.join(" ", demo.subList(0, 2)) + (context.quick() ? " --minutes 1" : ""),
                demoSeconds.size(), demoStats);
        if (suite != null) {
            table.row("mvn -B verify (fresh clone)", suite.runs().size(), suite);
        } else {
            table.row("mvn -B verify (fresh clone)", 0, "skipped (--quick)");
        }
    }

    private static void requireSuccess(ChildRun.Outcome outcome, String what) throws IOException {
        if (outcome.exitCode() != 0) {
            List<String> lines = Files.readAllLines(outcome.log());
            throw new IllegalStateException(what + " failed with exit " + outcome.exitCode() + " (log "
                    + outcome.log() + "):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
                    lines.size())));
        }
    }

    private static String git(Path repo, BenchContext context, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Path log = context.workDir().resolve("git.log");
        ChildRun.Outcome outcome = ChildRun.run(command, repo, Map.of(), log, Duration.ofMinutes(2));
        requireSuccess(outcome, String.join(" ", command));
        return Files.readString(log).strip();
    }
}
