package com.clickstream.attribution.local;

import static com.clickstream.attribution.support.cli.ErrorLines.describe;
import static com.clickstream.attribution.support.cli.ErrorLines.oneLine;

import com.clickstream.attribution.support.cli.CommandLines;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import com.clickstream.attribution.local.child.ReconcilerProcess;
import com.clickstream.attribution.local.report.CheckoutsCsv;
import com.clickstream.attribution.local.stack.Endpoints;
import com.clickstream.attribution.local.report.HtmlReportFile;

/**
 * {@code demo [options]}, {@code run --events FILE.jsonl [--dump OUT.csv] [--stream-only] [--explain ID] [options]} or
 * {@code explain CHECKOUT_ID --jdbc-url URL --s3-endpoint URL [--bucket B] [--json]} (servers already running);
 * options in {@link RuntimeOptions}, parsed by picocli ({@link PipelineCommandLine}).
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

    private static final List<String> COMMANDS = List.of("demo", "run", "explain");

    private LocalRuntimeMain() {
    }

    public static void main(String[] argv) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty(
                "org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(run(argv, System.out, System.err));
    }

    /** What the command line asks for, checked before anything starts. */
    record Invocation(String command, RuntimeOptions options, Path events, Path dump, boolean streamOnly, String explain,
            boolean json, Path report) {

        /** Where the HTML run report goes: {@code --report}, else {@code <work-dir>/report.html}. */
        Path reportFile() {
            return report != null ? report : options.workDir().resolve("report.html");
        }

        /**
         * Parses with picocli ({@link PipelineCommandLine}) and checks every value ({@link RuntimeOptions#fromMap}).
         *
         * @throws IllegalArgumentException with the one-line reason (and a suggestion for a mistyped option)
         */
        static Invocation parse(String[] argv) {
            CommandLine.ParseResult result = parseArgs(argv);
            CommandLine.ParseResult sub = result.subcommand();
            if (sub == null) {
                throw new IllegalArgumentException("no command given: demo, run or explain");
            }
            Object command = sub.commandSpec().userObject();
            if (command instanceof PipelineCommandLine.Demo demo) {
                return new Invocation("demo", RuntimeOptions.fromMap(demo.settings(), RuntimeOptions.defaults()),
                        null, null, false, null, false, demo.common.report);
            }
            if (command instanceof PipelineCommandLine.Explain explain) {
                RuntimeOptions options = RuntimeOptions.fromMap(explain.settings(), RuntimeOptions.defaults());
                if (options.s3Endpoint() == null) {
                    throw new IllegalArgumentException("--s3-endpoint (or AWS_ENDPOINT_URL_S3) is required: the S3 of the "
                            + "running pipeline (./pipeline demo --keep-running prints it)");
                }
                return new Invocation("explain", options, null, null, false, explain.checkoutId, explain.json, null);
            }
            PipelineCommandLine.Run run = (PipelineCommandLine.Run) command;
            RuntimeOptions options = RuntimeOptions.fromMap(run.common.settings(), RuntimeOptions.defaults());
            if (!Files.isRegularFile(run.events) || !Files.isReadable(run.events)) {
                throw new IllegalArgumentException("--events " + run.events + ": no such readable file");
            }
            if (run.explain != null && run.streamOnly) {
                throw new IllegalArgumentException("--explain needs the reconciler: not with --stream-only");
            }
            return new Invocation("run", options, run.events, run.dump, run.streamOnly, run.explain, false, run.common.report);
        }

        static CommandLine.ParseResult parseArgs(String[] argv) {
            if (argv.length > 0 && !argv[0].startsWith("-") && !COMMANDS.contains(argv[0])) {
                throw new IllegalArgumentException("unknown command '" + argv[0] + "': demo, run or explain");
            }
            try {
                return PipelineCommandLine.commandLine().parseArgs(argv);
            } catch (ParameterException e) {
                throw new IllegalArgumentException(CommandLines.reason(e), e);
            }
        }
    }

    /** Runs {@code demo} or {@code run}; returns the exit code. Stops everything it started before returning, unless {@code --keep-running}. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        Invocation invocation;
        try {
            String usage = PipelineCommandLine.usageIfRequested(Invocation.parseArgs(argv));
            if (usage != null) {
                out.print(usage);
                return 0;
            }
            invocation = Invocation.parse(argv);
        } catch (IllegalArgumentException e) {
            err.println("pipeline" + (argv.length > 0 && COMMANDS.contains(argv[0]) ? " " + argv[0] : "")
                    + ": bad arguments: " + oneLine(e.getMessage()) + " (see --help)");
            return BAD_ARGUMENTS;
        }
        String name = "pipeline " + invocation.command();
        RuntimeOptions options = invocation.options();
        List<String> unreachable = EndpointCheck.unreachable(options, System.getenv());
        if (!unreachable.isEmpty()) {
            err.println(name + ": failed: cannot reach " + String.join("; ", unreachable));
            return FAILED;
        }
        if (invocation.command().equals("explain")) {
            return explain(invocation, out, err);
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
        if (invocation.explain() != null) {
            ReconcilerProcess.Explained explained = pipeline.explain(invocation.explain());
            if (explained.exitCode() != 0) {
                err.println("pipeline run: --explain " + invocation.explain() + ": " + oneLine(explained.text()));
                return FAILED;
            }
            out.print("explain " + invocation.explain() + ":\n" + explained.text());
        }
        // last, so it is the line a user sees: the report opens in any browser, without the servers
        out.println("report: " + HtmlReportFile.write(pipeline.endpoints(), invocation.reportFile(),
                "./pipeline " + invocation.command()));
        boolean ok = result.report().recordsAddUp() && (streamOnly || result.report().checkoutsAddUp());
        if (options.keepRunning()) {
            pipeline.awaitCtrlC();
        }
        if (!ok) {
            err.println("pipeline " + invocation.command() + ": failed: the counts do not add up (see the report above)");
        }
        return ok ? 0 : FAILED;
    }


    /** {@code explain CHECKOUT_ID}: the reconciler jar's explain against servers that are already running. */
    private static int explain(Invocation invocation, PrintStream out, PrintStream err) {
        RuntimeOptions options = invocation.options();
        Map<String, String> env = System.getenv();
        RuntimeOptions checked = new RuntimeOptions(options.workDir(), options.window(), options.lateness(), null,
                options.s3Endpoint(), options.jdbcUrl(), options.bucket(), options.shards(), false, options.minutes(),
                options.rate(), options.speedup(), options.seed()); // Kinesis plays no part here
        List<String> unreachable = EndpointCheck.unreachable(checked, env);
        if (!unreachable.isEmpty()) {
            err.println("pipeline explain: failed: cannot reach " + String.join("; ", unreachable));
            return FAILED;
        }
        try {
            Endpoints servers = Endpoints.of(options.jdbcUrl(), env.getOrDefault("PGUSER", "postgres"),
                    env.getOrDefault("PGPASSWORD", ""), null, options.s3Endpoint());
            ReconcilerProcess.Explained explained = ReconcilerProcess.explain(servers, options.workDir().toAbsolutePath(),
                    options.bucket(), invocation.explain(), options.window(), invocation.json());
            if (explained.exitCode() != 0) {
                err.println("pipeline explain: " + oneLine(explained.text()));
                return FAILED;
            }
            out.print(explained.text());
            return 0;
        } catch (Exception e) {
            err.println("pipeline explain: failed: " + describe(e) + " (log in " + options.workDir().resolve("logs/explain.log") + ")");
            return FAILED;
        }
    }
}
