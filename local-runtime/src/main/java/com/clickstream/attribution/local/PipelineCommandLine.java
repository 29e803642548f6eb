package com.clickstream.attribution.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code ./pipeline demo|run|explain} command line on picocli, as every command line of the pipeline
 * ({@code support.cli.CommandLines}): {@code --key value} or {@code --key=value}, {@code --help} on each
 * command, "did you mean" for a mistyped option. picocli only reads the options; their values are
 * checked by {@link RuntimeOptions#fromMap}, which tests use directly, so a message names the option
 * and the reason the same way from either side. Defaults are in {@link RuntimeOptions}.
 */
final class PipelineCommandLine {

    private PipelineCommandLine() {
    }

    /** The options of both commands; each field is a {@link RuntimeOptions} key. */
    static final class Common {
        @Option(names = "--window", paramLabel = "DURATION", description = "Attribution window W, for stream and reconciler [1h].")
        String window;
        @Option(names = "--lateness", paramLabel = "DURATION", description = "The stream's allowed lateness [5m].")
        String lateness;
        @Option(names = "--work-dir", paramLabel = "DIR", description = "Servers' data, checkpoints, logs; emptied at start [work/local].")
        String workDir;
        @Option(names = "--kinesis-endpoint", paramLabel = "URL", description = "Use an existing Kinesis [AWS_ENDPOINT_URL_KINESIS, else kinesalite here].")
        String kinesisEndpoint;
        @Option(names = "--s3-endpoint", paramLabel = "URL", description = "Use an existing S3 [AWS_ENDPOINT_URL_S3, else s3proxy here].")
        String s3Endpoint;
        @Option(names = "--jdbc-url", paramLabel = "URL", description = "Use an existing PostgreSQL (PGUSER/PGPASSWORD) [embedded].")
        String jdbcUrl;
        @Option(names = "--bucket", paramLabel = "NAME", description = "Raw bucket [clickstream-raw].")
        String bucket;
        @Option(names = "--shards", paramLabel = "N", description = "Shards per stream [2].")
        String shards;
        @Option(names = "--keep-running", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
                description = "Keep everything up after the report until Ctrl-C.")
        String keepRunning;
        /** Not a RuntimeOptions setting: where this command writes the HTML run report (docs/report.md). */
        @Option(names = "--report", paramLabel = "FILE.html", description = "Where the HTML run report goes [<work-dir>/report.html].")
        Path report;

        Map<String, String> settings() {
            Map<String, String> s = new LinkedHashMap<>();
            put(s, "window", window);
            put(s, "lateness", lateness);
            put(s, "work-dir", workDir);
            put(s, "kinesis-endpoint", kinesisEndpoint);
            put(s, "s3-endpoint", s3Endpoint);
            put(s, "jdbc-url", jdbcUrl);
            put(s, "bucket", bucket);
            put(s, "shards", shards);
            put(s, "keep-running", keepRunning);
            return s;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Generated traffic through the whole pipeline on embedded servers, then the report.")
    static final class Demo {
        @Mixin
        Common common;
        @Option(names = "--minutes", paramLabel = "N", description = "Minutes of generated event time [10].")
        String minutes;
        @Option(names = "--rate", paramLabel = "X", description = "Valid events per second of event time [20].")
        String rate;
        @Option(names = "--speedup", paramLabel = "X", description = "Event-time seconds per wall-clock second [30].")
        String speedup;
        @Option(names = "--seed", paramLabel = "N", description = "Generator seed [42].")
        String seed;

        Map<String, String> settings() {
            Map<String, String> s = common.settings();
            put(s, "minutes", minutes);
            put(s, "rate", rate);
            put(s, "speedup", speedup);
            put(s, "seed", seed);
            return s;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "A JSON-lines file of events through the whole pipeline, then the report and a CSV dump.")
    static final class Run {
        @Mixin
        Common common;
        @Option(names = "--events", required = true, paramLabel = "FILE.jsonl", description = "One event per line, arrival order = file order.")
        Path events;
        @Option(names = "--dump", paramLabel = "OUT.csv", description = "Where the CSV dump goes [<work-dir>/attributed_checkouts.csv].")
        Path dump;
        @Option(names = "--stream-only", description = "Dump what the stream alone wrote (the reconciler does not run).")
        boolean streamOnly;
        @Option(names = "--explain", paramLabel = "CHECKOUT_ID",
                description = "After the run, explain why this checkout of the file got its credit (before the servers stop).")
        String explain;
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Why a checkout got its credit, from running servers: its clicks in rule order, the credited one "
                    + "and why, every model's credit, the path, the stored row and the ledger (docs/reconciler.md).")
    static final class Explain {
        @Parameters(index = "0", paramLabel = "CHECKOUT_ID", description = "The checkout's event_id (order id).")
        String checkoutId;
        @Option(names = "--json", description = "Print it as JSON.")
        boolean json;
        @Option(names = "--jdbc-url", required = true, paramLabel = "URL", description = "The PostgreSQL (PGUSER/PGPASSWORD).")
        String jdbcUrl;
        @Option(names = "--s3-endpoint", paramLabel = "URL", description = "The S3 holding the raw layout [AWS_ENDPOINT_URL_S3].")
        String s3Endpoint;
        @Option(names = "--bucket", paramLabel = "NAME", description = "Raw bucket [clickstream-raw].")
        String bucket;
        @Option(names = "--window", paramLabel = "DURATION", description = "Attribution window W [1h].")
        String window;
        @Option(names = "--work-dir", paramLabel = "DIR", description = "Where its log goes (logs/explain.log) [work/local]; not emptied.")
        String workDir;

        Map<String, String> settings() {
            Map<String, String> s = new LinkedHashMap<>();
            put(s, "jdbc-url", jdbcUrl);
            put(s, "s3-endpoint", s3Endpoint);
            put(s, "bucket", bucket);
            put(s, "window", window);
            put(s, "work-dir", workDir);
            return s;
        }
    }

    @Command(name = "./pipeline", mixinStandardHelpOptions = true, subcommands = {Demo.class, Run.class, Explain.class},
            description = "The pipeline on embedded servers.",
            footer = "Exit codes: 0 counts add up, 1 failed or counts do not add up, 2 bad arguments.")
    static final class Top {
    }

    static CommandLine commandLine() {
        return new CommandLine(new Top());
    }

    /** The usage of the command (or of the top level) whose {@code --help} was asked for, else null. */
    static String usageIfRequested(CommandLine.ParseResult result) {
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.isUsageHelpRequested()) {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                r.commandSpec().commandLine().usage(new PrintStream(text, true, StandardCharsets.UTF_8));
                return text.toString(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void put(Map<String, String> settings, String key, String value) {
        if (value != null) {
            settings.put(key, value);
        }
    }
}
