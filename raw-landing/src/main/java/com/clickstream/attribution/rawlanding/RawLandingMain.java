package com.clickstream.attribution.rawlanding;

import static com.clickstream.attribution.support.cli.ErrorLines.describe;
import static com.clickstream.attribution.support.cli.ErrorLines.oneLine;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.support.cli.CommandLines;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Command line: {@code RawLandingMain [--drain] [--key value | --key=value] ...} with the keys of
 * {@link RawLandingOptions} as options (e.g. {@code --bucket raw --kinesis.endpoint http://127.0.0.1:4567
 * --s3.endpoint=http://127.0.0.1:9000 --stream.click clicks}), parsed by picocli as every command line of
 * the pipeline ({@link CommandLines}: {@code --help}, "did you mean" for a mistyped key); the option list
 * is built from {@link RawLandingOptions#KEYS}, and the values are checked by
 * {@link RawLandingOptions#fromMap}. Without {@code --drain} it runs until the JVM is stopped (Ctrl-C
 * flushes and checkpoints); with it, it lands what is in the streams and exits.
 *
 * <p>Exit codes, each error one line on stderr (never a stack trace): 0 done; 2 bad arguments
 * (unknown option, bad value); 1 the start-up check failed (a stream or the bucket cannot be reached
 * or does not exist: one ListShards per stream and one HeadBucket, one attempt each, as every client
 * of {@code AwsClients} makes) or the run failed. Once running, S3/Kinesis
 * calls that failed with throttling, 5xx or I/O errors are retried without limit (capped backoff,
 * {@code retry.max-backoff}), as Firehose would; any other error (access denied, no such bucket or
 * stream) ends the landing with one line and exit 1, with or without {@code --drain}.
 */
public final class RawLandingMain {

    public static final int FAILED = 1;
    public static final int BAD_ARGUMENTS = CommandLines.BAD_ARGUMENTS;

    private static final String DRAIN = "--drain";

    private RawLandingMain() {
    }

    public static void main(String[] args) throws Exception {
        int exitCode = run(args, System.out, System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /**
     * Checks the settings and the endpoints, then lands: with {@code --drain} until the streams are
     * quiet (returns 0), else until the JVM is stopped (does not return).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        CommandLine cli = commandLine();
        boolean drain;
        RawLandingOptions options;
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (parsed.isUsageHelpRequested()) {
                cli.usage(out);
                return 0;
            }
            drain = parsed.hasMatchedOption(DRAIN);
            Map<String, String> settings = new LinkedHashMap<>();
            for (OptionSpec option : parsed.matchedOptions()) {
                String name = option.longestName();
                if (!name.equals(DRAIN) && option.getValue() != null) {
                    settings.put(name.substring(2), option.getValue().toString());
                }
            }
            options = RawLandingOptions.fromMap(settings);
        } catch (ParameterException e) {
            err.println(CommandLines.badArguments("raw-landing", e));
            return BAD_ARGUMENTS;
        } catch (IllegalArgumentException e) {
            err.println("raw-landing: bad arguments: " + oneLine(e.getMessage()) + " (see --help)");
            return BAD_ARGUMENTS;
        }
        List<String> unavailable = unavailable(options);
        if (!unavailable.isEmpty()) {
            err.println("raw-landing: failed: " + String.join("; ", unavailable));
            return FAILED;
        }
        RawLandingRunner runner = RawLandingRunner.create(options);
        try {
            if (drain) {
                try (runner) {
                    out.println(runner.drain());
                }
                return 0;
            }
            Thread shutdown = new Thread(() -> {
                try {
                    runner.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "raw-landing-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            runner.start();
            runner.awaitEnd(); // until the JVM is stopped (the hook flushes and checkpoints) or a shard fails
            return 0;
        } catch (RuntimeException e) {
            // a landing failure's message already is the one line (stream, shard, call, error code)
            err.println("raw-landing: failed: " + (e instanceof LandingFailedException ? e.getMessage() : describe(e)));
            return FAILED;
        }
    }

    /** The picocli command: {@code --drain}, {@code --help}, and one {@code --<key>} per setting of {@link RawLandingOptions}. */
    static CommandLine commandLine() {
        CommandSpec spec = CommandSpec.create().name("raw-landing").mixinStandardHelpOptions(true);
        spec.usageMessage().description("Lands the clicks and checkouts streams as Parquet in S3 (docs/raw-layout.md).");
        spec.addOption(OptionSpec.builder(DRAIN).arity("0")
                .description("Land what is in the streams, then exit (default: run until stopped).").build());
        List<String> keys = new ArrayList<>(RawLandingOptions.KEYS);
        for (EventType type : EventType.values()) {
            keys.add(RawLandingOptions.STREAM_PREFIX + type.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (String key : keys) {
            spec.addOption(OptionSpec.builder("--" + key).paramLabel("VALUE").type(String.class)
                    .description("RawLandingOptions '" + key + "' (defaults there and in docs/raw-layout.md).").build());
        }
        return new CommandLine(spec);
    }

    /**
     * Each stream and the bucket answer and exist: one ListShards per stream, one HeadBucket, through
     * clients built like the landing's own (one attempt each). One entry per problem.
     */
    static List<String> unavailable(RawLandingOptions options) {
        List<String> problems = new ArrayList<>();
        try (KinesisClient kinesis = RawLandingRunner.kinesisClient(options); S3Client s3 = RawLandingRunner.s3Client(options)) {
            URI kinesisEndpoint = RawLandingRunner.kinesisEndpoint(options);
            String kinesisAt = kinesisEndpoint == null ? "AWS" : kinesisEndpoint.toString();
            for (EventType type : EventType.values()) {
                String stream = options.stream(type);
                try {
                    kinesis.listShards(b -> b.streamName(stream).maxResults(1));
                } catch (SdkException e) {
                    problems.add("Kinesis stream '" + stream + "' at " + kinesisAt + " (" + RawLandingOptions.KINESIS_ENDPOINT
                            + "): " + describe(e));
                    if (!isServiceAnswer(e)) {
                        break; // the endpoint is down: the other stream would say the same
                    }
                }
            }
            URI s3Endpoint = RawLandingRunner.s3Endpoint(options);
            String s3At = s3Endpoint == null ? "AWS" : s3Endpoint.toString();
            try {
                s3.headBucket(b -> b.bucket(options.bucket()));
            } catch (SdkException e) {
                problems.add("S3 bucket '" + options.bucket() + "' at " + s3At + " (" + RawLandingOptions.S3_ENDPOINT
                        + "): " + (e instanceof S3Exception s3Error && s3Error.statusCode() == 404
                        ? "no such bucket" : describe(e)));
            }
        }
        return problems;
    }

    private static boolean isServiceAnswer(SdkException e) {
        return e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException;
    }


}
