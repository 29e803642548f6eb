package com.clickstream.attribution.local;

import static com.clickstream.attribution.support.cli.ErrorLines.describe;
import static com.clickstream.attribution.support.cli.ErrorLines.oneLine;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.clickstream.attribution.local.report.CheckoutsCsv;

/**
 * {@code demo [options]} or {@code run --events FILE.jsonl [--dump OUT.csv] [--stream-only] [options]};
 * options in {@link RuntimeOptions}.
 *
 * <p>Exit codes: 0 when the run's counts add up; 1 when they do not, or the run failed (an endpoint
 * given on the command line did not answer {@link EndpointCheck}, a server or child did not start,
 * ...); 2 for bad arguments (unknown command or option, bad value, missing or unreadable
 * {@code --events} file), found before anything starts. Every error is one line on stderr, never a
 * stack trace; the children's logs are in the work folder's {@code logs/}.
 */
public final class LocalRuntimeMain {

    public static final int FAILED = 1;
    public static final int BAD_ARGUMENTS = 2;

    static final String USAGE = """
            usage: ./pipeline demo [options]
                   ./pipeline run --events FILE.jsonl [--dump OUT.csv] [--stream-only] [options]
            options (--key value or --key=value; defaults in brackets):
              --window 1h          attribution window W, for stream and reconciler [AttributionWindow.DEFAULT_LENGTH]
              --lateness 5m        the stream's allowed lateness [5m]
              --work-dir DIR       servers' data, checkpoints, logs; emptied at start [work/local]
              --kinesis-endpoint URL, --s3-endpoint URL, --jdbc-url URL
                                   use existing services (PGUSER/PGPASSWORD) instead of starting them here
              --bucket NAME        raw bucket [clickstream-raw]
              --shards N           shards per stream [2]
              --keep-running       keep everything up after the report until Ctrl-C
              demo only: --minutes 10 --rate 20 --speedup 30 --seed 42
            exit codes: 0 counts add up, 1 failed or counts do not add up, 2 bad arguments""";

    private LocalRuntimeMain() {
    }

    public static void main(String[] argv) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty(
                "org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(run(argv, System.out, System.err));
    }

    /** What the command line asks for, checked before anything starts. */
    record Invocation(String command, RuntimeOptions options, Path events, Path dump, boolean streamOnly) {

        static Invocation parse(String[] argv) {
            if (argv.length == 0 || !List.of("demo", "run").contains(argv[0])) {
                throw new IllegalArgumentException(argv.length == 0 ? "no command given"
                        : "unknown command '" + argv[0] + "'");
            }
            String command = argv[0];
            List<String> rest = new ArrayList<>(Arrays.asList(argv).subList(1, argv.length));
            Path events = null;
            Path dump = null;
            boolean streamOnly = false;
            for (int i = 0; i < rest.size(); ) {
                String arg = rest.get(i);
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                switch (name) {
                    case "--events" -> events = Path.of(value(rest, i, name));
                    case "--dump" -> dump = Path.of(value(rest, i, name));
                    case "--stream-only" -> {
                        streamOnly = true;
                        rest.remove(i);
                    }
                    default -> i++;
                }
            }
            RuntimeOptions options = RuntimeOptions.fromArgs(rest, RuntimeOptions.defaults());
            if (command.equals("demo") && (events != null || dump != null || streamOnly)) {
                throw new IllegalArgumentException("--events, --dump and --stream-only are options of run, not demo");
            }
            if (command.equals("run")) {
                if (events == null) {
                    throw new IllegalArgumentException("run needs --events FILE.jsonl");
                }
                if (!Files.isRegularFile(events) || !Files.isReadable(events)) {
                    throw new IllegalArgumentException("--events " + events + ": no such readable file");
                }
            }
            return new Invocation(command, options, events, dump, streamOnly);
        }

        /** The value of the option at {@code i} ({@code --name value} or {@code --name=value}), removed from the list. */
        private static String value(List<String> args, int i, String name) {
            String arg = args.get(i);
            if (arg.contains("=")) {
                args.remove(i);
                String v = arg.substring(arg.indexOf('=') + 1);
                if (v.isBlank()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                return v;
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String v = args.get(i + 1);
            args.subList(i, i + 2).clear();
            return v;
        }
    }

    /** Runs {@code demo} or {@code run}; returns the exit code. Stops everything it started before returning, unless {@code --keep-running}. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (Arrays.asList(argv).contains("--help") || Arrays.asList(argv).contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        Invocation invocation;
        try {
            invocation = Invocation.parse(argv);
        } catch (IllegalArgumentException e) {
            err.println("pipeline" + (argv.length > 0 && List.of("demo", "run").contains(argv[0]) ? " " + argv[0] : "")
                    + ": " + oneLine(e.getMessage()) + " (see --help)");
            return BAD_ARGUMENTS;
        }
        String name = "pipeline " + invocation.command();
        RuntimeOptions options = invocation.options();
        List<String> unreachable = EndpointCheck.unreachable(options, System.getenv());
        if (!unreachable.isEmpty()) {
            err.println(name + ": failed: cannot reach " + String.join("; ", unreachable));
            return FAILED;
        }
        LocalPipeline pipeline = new LocalPipeline(options, out);
        Thread stopOnCtrlC = new Thread(pipeline::close, "stop-local-stack");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        try {
            return runPipeline(invocation, pipeline, out, err);
        } catch (Exception e) {
            err.println(name + ": failed: " + describe(e) + " (logs in " + options.workDir().resolve("logs") + ")");
            return FAILED;
        } finally {
            pipeline.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private static int runPipeline(Invocation invocation, LocalPipeline pipeline, PrintStream out, PrintStream err)
            throws Exception {
        RuntimeOptions options = invocation.options();
        long start = System.nanoTime();
        LocalPipeline.Result result;
        boolean streamOnly = invocation.streamOnly();
        if (invocation.command().equals("demo")) {
            result = pipeline.demo();
        } else {
            result = pipeline.runFile(invocation.events(), streamOnly);
            Path out1 = invocation.dump() != null ? invocation.dump() : options.workDir().resolve("attributed_checkouts.csv");
            List<CheckoutsCsv.Row> rows = streamOnly ? result.streamRows() : result.finalRows();
            CheckoutsCsv.write(rows, out1);
            out.println("dump: " + out1 + " (" + rows.size() + " checkouts, " + (streamOnly ? "stream only" : "reconciled") + ")");
        }
        out.print(result.report().render());
        out.printf("wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
        boolean ok = result.report().recordsAddUp() && (streamOnly || result.report().checkoutsAddUp());
        if (options.keepRunning()) {
            pipeline.awaitCtrlC();
        }
        if (!ok) {
            err.println("pipeline " + invocation.command() + ": failed: the counts do not add up (see the report above)");
        }
        return ok ? 0 : FAILED;
    }


}
