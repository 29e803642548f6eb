package com.clickstream.attribution.local;

import static com.clickstream.attribution.support.cli.ErrorLines.describe;
import static com.clickstream.attribution.support.cli.ErrorLines.oneLine;

import com.clickstream.attribution.support.cli.CommandLines;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import com.clickstream.attribution.local.report.CheckoutsCsv;
import com.clickstream.attribution.local.report.HtmlReportFile;

/**
 * {@code demo [options]} or {@code run --events FILE.jsonl [--dump OUT.csv] [--stream-only] [options]};
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

    private LocalRuntimeMain() {
    }

    public static void main(String[] argv) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty(
                "org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(run(argv, System.out, System.err));
    }

    /** What the command line asks for, checked before anything starts. */
    record Invocation(String command, RuntimeOptions options, Path events, Path dump, boolean streamOnly, Path report) {

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
                throw new IllegalArgumentException("no command given: demo or run");
            }
            Object command = sub.commandSpec().userObject();
            if (command instanceof PipelineCommandLine.Demo demo) {
                return new Invocation("demo", RuntimeOptions.fromMap(demo.settings(), RuntimeOptions.defaults()),
                        null, null, false, demo.common.report);
            }
            PipelineCommandLine.Run run = (PipelineCommandLine.Run) command;
            RuntimeOptions options = RuntimeOptions.fromMap(run.common.settings(), RuntimeOptions.defaults());
            if (!Files.isRegularFile(run.events) || !Files.isReadable(run.events)) {
                throw new IllegalArgumentException("--events " + run.events + ": no such readable file");
            }
            return new Invocation("run", options, run.events, run.dump, run.streamOnly, run.common.report);
        }

        static CommandLine.ParseResult parseArgs(String[] argv) {
            if (argv.length > 0 && !argv[0].startsWith("-") && !List.of("demo", "run").contains(argv[0])) {
                throw new IllegalArgumentException("unknown command '" + argv[0] + "': demo or run");
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
            err.println("pipeline" + (argv.length > 0 && List.of("demo", "run").contains(argv[0]) ? " " + argv[0] : "")
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


}
