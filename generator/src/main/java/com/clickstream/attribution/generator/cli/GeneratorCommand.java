package com.clickstream.attribution.generator.cli;

import static com.clickstream.attribution.support.cli.ErrorLines.describe;

import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.generator.model.Catalog;
import com.clickstream.attribution.generator.run.Pump;
import com.clickstream.attribution.generator.run.RunSummary;
import com.clickstream.attribution.generator.seed.DimensionSeed;
import com.clickstream.attribution.generator.sink.EventSink;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import com.clickstream.attribution.support.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line of the traffic generator. Every option has a default (shown by {@code --help}); the
 * run ends with a summary on stdout and prints progress to stderr on long runs.
 *
 * <p>Errors are one line on stderr, never a stack trace: exit 2 for bad arguments (unknown option,
 * bad number, duration or instant, reversed late range, ...), exit 1 when the run fails (an
 * unreachable endpoint or missing stream, found by one describe call per stream before anything is
 * sent; records the sink gave up on; an unwritable file or database).
 */
@Command(name = "generator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generates deterministic click and checkout traffic (with late, duplicate, out-of-order "
                + "and malformed records) into Kinesis, Firehose, a JSON-lines file or stdout.")
public final class GeneratorCommand implements Callable<Integer> {

    public enum SinkKind { file, stdout, kinesis, firehose, none }

    @Option(names = "--seed", description = "Random seed; the same seed gives the same bytes (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--users", description = "Number of users (default: ${DEFAULT-VALUE}).")
    int users = 2_000;

    @Option(names = "--start", description = "Event time of the first session, ISO-8601 or 'now' "
            + "(default: duration before now, to the minute).")
    String start;

    @Option(names = "--duration", description = "Event-time span of the traffic (default: ${DEFAULT-VALUE}).")
    String duration = "1h";

    @Option(names = "--events", description = "Stop after this many records, 0 = no limit (default: ${DEFAULT-VALUE}).")
    long events = 0;

    @Option(names = "--rate", description = "Valid events per second of event time (default: ${DEFAULT-VALUE}).")
    double rate = 20;

    @Option(names = "--speedup", description = "0 = as fast as possible (backfill); 1 = real time; "
            + "60 = an hour of traffic per minute (default: ${DEFAULT-VALUE}).")
    double speedup = 0;

    @Option(names = "--duplicates", description = "Fraction of records sent twice (default: ${DEFAULT-VALUE}).")
    double duplicates = 0.01;

    @Option(names = "--late", description = "Fraction of events sent long after their event time (default: ${DEFAULT-VALUE}).")
    double late = 0.02;

    @Option(names = "--late-min", description = "Smallest delay of a late event (default: ${DEFAULT-VALUE}).")
    String lateMin = "10m";

    @Option(names = "--late-max", description = "Largest delay of a late event (default: ${DEFAULT-VALUE}).")
    String lateMax = "2h";

    @Option(names = "--out-of-order", description = "Fraction of events that slip behind later ones (default: ${DEFAULT-VALUE}).")
    double outOfOrder = 0.05;

    @Option(names = "--out-of-order-max", description = "How far such an event slips (default: ${DEFAULT-VALUE}).")
    String outOfOrderMax = "30s";

    @Option(names = "--malformed", description = "Malformed records per valid event, each with a reject reason "
            + "(default: ${DEFAULT-VALUE}).")
    double malformed = 0.005;

    @Option(names = "--sink", description = "Where records go: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SinkKind sink = SinkKind.file;

    @Option(names = "--out", description = "JSON-lines file for --sink file (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("events.jsonl");

    @Option(names = "--endpoint", description = "Endpoint override for Kinesis/Firehose (local server, LocalStack); "
            + "default: AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL_FIREHOSE / AWS_ENDPOINT_URL, else AWS.")
    URI endpoint;

    @Option(names = "--region", description = "AWS region (default: AWS_REGION, else ${DEFAULT-VALUE}).")
    String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");

    @Option(names = "--clicks-stream", description = "Kinesis stream / Firehose delivery stream for clicks "
            + "(default: ${DEFAULT-VALUE}).")
    String clicksStream = "clicks";

    @Option(names = "--checkouts-stream", description = "Kinesis stream / Firehose delivery stream for checkouts "
            + "(default: ${DEFAULT-VALUE}).")
    String checkoutsStream = "checkouts";

    @Option(names = "--batch", description = "Records per sink call, at most 500 (default: ${DEFAULT-VALUE}).")
    int batch = 500;

    @Option(names = "--progress", description = "Progress interval on stderr (default: ${DEFAULT-VALUE}).")
    String progress = "5s";

    @Option(names = "--seed-jdbc", description = "Also upsert users and products into this PostgreSQL "
            + "(password from PGPASSWORD).")
    String seedJdbc;

    @Option(names = "--seed-user", description = "User for --seed-jdbc (default: PGUSER, else ${DEFAULT-VALUE}).")
    String seedUser = System.getenv().getOrDefault("PGUSER", "postgres");

    @Option(names = "--seed-sql", description = "Also write the users and products as a SQL script to this file.")
    Path seedSql;

    /** Exit codes: 0 done, 1 the run failed, 2 bad arguments (picocli's own code for invalid input). */
    public static final int FAILED = 1;
    public static final int BAD_ARGUMENTS = CommandLines.BAD_ARGUMENTS;

    @Spec
    CommandSpec spec;

    private final PrintStream stdout;
    private final PrintStream stderr;
    private RunSummary lastSummary;

    public GeneratorCommand() {
        this(System.out, System.err);
    }

    GeneratorCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit code (0, {@link #FAILED} or {@link #BAD_ARGUMENTS}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(new GeneratorCommand(out, err)).execute(args);
    }

    /** A picocli command line for {@code command} whose errors are one line on the command's stderr. */
    static CommandLine commandLine(GeneratorCommand command) {
        CommandLine cli = CommandLines.create(command, "generator", command.stdout, command.stderr);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("generator: failed: " + describe(e));
            return FAILED;
        });
        return cli;
    }

    /** The generator config these options describe, event times relative to {@code now}. */
    public GeneratorConfig config(Instant now) {
        Duration span = positive("--duration", duration);
        Instant first = start == null ? now.minus(span).truncatedTo(ChronoUnit.MINUTES)
                : "now".equals(start.trim()) ? now : instant("--start", start);
        Duration lateFrom = notNegative("--late-min", lateMin);
        Duration lateTo = notNegative("--late-max", lateMax);
        if (lateFrom.compareTo(lateTo) > 0) {
            throw new IllegalArgumentException("--late-min (" + lateMin + ") is after --late-max (" + lateMax + ")");
        }
        require(users > 0, "--users must be at least 1, was " + users);
        require(events >= 0, "--events must be 0 (no limit) or more, was " + events);
        require(rate > 0 && Double.isFinite(rate), "--rate must be a positive number, was " + rate);
        fraction("--duplicates", duplicates);
        fraction("--late", late);
        fraction("--out-of-order", outOfOrder);
        fraction("--malformed", malformed);
        return new GeneratorConfig(seed, users, first, span, events, rate, duplicates, late,
                lateFrom, lateTo, outOfOrder, notNegative("--out-of-order-max", outOfOrderMax),
                malformed, 0.03, 0.2);
    }

    /** Everything {@link #call()} needs that is not in the config; bad values are usage errors. */
    private void checkRunOptions() {
        require(speedup >= 0 && Double.isFinite(speedup), "--speedup must be 0 (as fast as possible) or more, was " + speedup);
        require(batch >= 1 && batch <= 500, "--batch must be within 1..500, was " + batch);
        positive("--progress", progress);
        if (endpoint != null) {
            require(endpoint.getHost() != null && ("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())),
                    "--endpoint must be an http(s) URL with a host, e.g. http://127.0.0.1:4567, was '" + endpoint + "'");
        }
        if (seedJdbc != null) {
            require(seedJdbc.startsWith("jdbc:postgresql:"),
                    "--seed-jdbc must be a jdbc:postgresql:// URL, was '" + seedJdbc + "'");
        }
    }

    @Override
    public Integer call() throws Exception {
        GeneratorConfig config;
        try {
            config = config(Instant.now());
            checkRunOptions();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        TrafficGenerator generator = new TrafficGenerator(config);
        try (EventSink target = SinkFactory.open(this)) { // checks each stream before anything is written
            writeDimensions(new DimensionSeed(generator.users(), Catalog.standard()));
            stderr.printf("generating seed=%d from %s for %s into %s%n", config.seed(), config.start(),
                    Durations.format(config.duration()), sink == SinkKind.file ? out : sink);
            Pump pump = new Pump(target, batch, speedup, Durations.parse(progress),
                    s -> stderr.printf("... %,d records, %,.0f records/s, sink retried %,d%n",
                            s.records(), s.recordsPerSecond(), s.sink().retried()));
            lastSummary = pump.run(generator);
        }
        stdout.print(lastSummary.render());
        if (lastSummary.sink().failed() > 0) {
            stderr.printf("generator: failed: the sink gave up on %,d records%n", lastSummary.sink().failed());
            return FAILED;
        }
        return 0;
    }

    RunSummary lastSummary() {
        return lastSummary;
    }

    private static Duration positive(String option, String text) {
        Duration d = notNegative(option, text);
        require(!d.isZero(), option + " must be longer than 0, was '" + text + "'");
        return d;
    }

    private static Duration notNegative(String option, String text) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
        require(!d.isNegative(), option + " must not be negative, was '" + text + "'");
        return d;
    }

    private static Instant instant(String option, String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 instant (2026-11-25T22:00:00Z) or 'now', was '"
                    + text + "'", e);
        }
    }

    private static void fraction(String option, double value) {
        require(value >= 0 && value <= 1, option + " must be a fraction within 0..1, was " + value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }



    private void writeDimensions(DimensionSeed dimensions) throws Exception {
        if (seedSql != null) {
            try (Writer w = Files.newBufferedWriter(seedSql, StandardCharsets.UTF_8)) {
                dimensions.writeSql(w);
            }
            stderr.println("wrote dimension seed SQL to " + seedSql);
        }
        if (seedJdbc != null) {
            String shown = seedJdbc.replaceAll("\\?.*", ""); // the query may hold a password
            Connection c;
            try {
                c = DriverManager.getConnection(seedJdbc, seedUser, System.getenv("PGPASSWORD"));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot connect to --seed-jdbc " + shown, e);
            }
            try (c) {
                stderr.printf("upserted %,d dimension rows into %s%n", dimensions.load(c), shown);
            }
        }
    }
}
