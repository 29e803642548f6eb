package com.clickstream.attribution.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.clickstream.attribution.local.report.CheckoutsCsv;

/**
 * {@code demo [options]} or {@code run --events FILE.jsonl [--dump OUT.csv] [--stream-only] [options]};
 * options in {@link RuntimeOptions}. Exit 0 when the run's counts add up, 1 otherwise, 2 for bad arguments.
 */
public final class LocalRuntimeMain {

    private LocalRuntimeMain() {
    }

    public static void main(String[] argv) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty(
                "org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        if (argv.length == 0 || !List.of("demo", "run").contains(argv[0])) {
            System.err.println("usage: demo [--minutes 10 --rate 20 --speedup 30 --lateness 5m --keep-running ...]\n"
                    + "       run --events FILE.jsonl [--window 1h] [--lateness 5m] [--dump OUT.csv] [--stream-only]");
            System.exit(2);
        }
        List<String> rest = new ArrayList<>(Arrays.asList(argv).subList(1, argv.length));
        Path events = null;
        Path dump = null;
        boolean streamOnly = false;
        for (int i = 0; i < rest.size(); ) {
            switch (rest.get(i)) {
                case "--events" -> { events = Path.of(rest.get(i + 1)); rest.subList(i, i + 2).clear(); }
                case "--dump" -> { dump = Path.of(rest.get(i + 1)); rest.subList(i, i + 2).clear(); }
                case "--stream-only" -> { streamOnly = true; rest.remove(i); }
                default -> i++;
            }
        }
        RuntimeOptions options;
        try {
            options = RuntimeOptions.fromArgs(rest, RuntimeOptions.defaults());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalPipeline pipeline = new LocalPipeline(options, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "stop-local-stack"));
        long start = System.nanoTime();
        LocalPipeline.Result result;
        if (argv[0].equals("demo")) {
            result = pipeline.demo();
        } else {
            if (events == null) {
                System.err.println("run needs --events FILE.jsonl");
                System.exit(2);
            }
            result = pipeline.runFile(events, streamOnly);
            Path out = dump != null ? dump : options.workDir().resolve("attributed_checkouts.csv");
            CheckoutsCsv.write(streamOnly ? result.streamRows() : result.finalRows(), out);
            System.out.println("dump: " + out + " (" + (streamOnly ? result.streamRows() : result.finalRows()).size()
                    + " checkouts, " + (streamOnly ? "stream only" : "reconciled") + ")");
        }
        System.out.print(result.report().render());
        System.out.printf("wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
        boolean ok = result.report().recordsAddUp() && (streamOnly || result.report().checkoutsAddUp());
        if (options.keepRunning()) {
            pipeline.awaitCtrlC();
        }
        System.exit(ok ? 0 : 1);
    }
}
