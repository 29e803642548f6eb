package com.clickstream.attribution.generator.cli;

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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the traffic generator. Every option has a default (shown by {@code --help}); the
 * run ends with a summary on stdout and prints progress to stderr on long runs.
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
        System.exit(new CommandLine(new GeneratorCommand()).execute(args));
    }

    /** The generator config these options describe, event times relative to {@code now}. */
    public GeneratorConfig config(Instant now) {
        Duration span = Durations.parse(duration);
        Instant first = start == null ? now.minus(span).truncatedTo(ChronoUnit.MINUTES)
                : "now".equals(start) ? now : Instant.parse(start);
        return new GeneratorConfig(seed, users, first, span, events, rate, duplicates, late,
                Durations.parse(lateMin), Durations.parse(lateMax), outOfOrder, Durations.parse(outOfOrderMax),
                malformed, 0.03, 0.2);
    }

    @Override
    public Integer call() throws Exception {
        GeneratorConfig config = config(Instant.now());
        TrafficGenerator generator = new TrafficGenerator(config);
        writeDimensions(new DimensionSeed(generator.users(), Catalog.standard()));
        stderr.printf("generating seed=%d from %s for %s into %s%n", config.seed(), config.start(),
                Durations.format(config.duration()), sink == SinkKind.file ? out : sink);
        try (EventSink target = SinkFactory.open(this)) {
            Pump pump = new Pump(target, batch, speedup, Durations.parse(progress),
                    s -> stderr.printf("... %,d records, %,.0f records/s, sink retried %,d%n",
                            s.records(), s.recordsPerSecond(), s.sink().retried()));
            lastSummary = pump.run(generator);
        }
        stdout.print(lastSummary.render());
        return lastSummary.sink().failed() == 0 ? 0 : 1;
    }

    RunSummary lastSummary() {
        return lastSummary;
    }

    private void writeDimensions(DimensionSeed dimensions) throws Exception {
        if (seedSql != null) {
            try (Writer w = Files.newBufferedWriter(seedSql, StandardCharsets.UTF_8)) {
                dimensions.writeSql(w);
            }
            stderr.println("wrote dimension seed SQL to " + seedSql);
        }
        if (seedJdbc != null) {
            try (Connection c = DriverManager.getConnection(seedJdbc, seedUser, System.getenv("PGPASSWORD"))) {
                stderr.printf("upserted %,d dimension rows into %s%n", dimensions.load(c), seedJdbc);
            }
        }
    }
}
