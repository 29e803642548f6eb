package com.clickstream.attribution.reconciler.launch;

import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.multitouch.MultiTouchAttribution;
import com.clickstream.attribution.reconciler.explain.CheckoutExplainer;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation;
import com.clickstream.attribution.reconciler.explain.ExplainSources;
import com.clickstream.attribution.reconciler.explain.ExplanationText;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.support.cli.CommandLines;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code batch-reconciler explain CHECKOUT_ID}: why a checkout got its credit (docs/reconciler.md, "explain").
 * It connects like a run (the same Spring properties: database, raw bucket, S3 endpoint), reads the checkout's row
 * and ledger from PostgreSQL and the user's clicks from the raw layout, applies attribution-core's rules
 * ({@link CheckoutExplainer}) and prints the explanation: text, or JSON with {@code --json}. It changes nothing.
 * Exit codes: 0 explained, 1 the checkout was not found or a service failed, 2 bad arguments.
 */
@Command(name = "batch-reconciler explain", mixinStandardHelpOptions = true,
        description = "Explains why a checkout got its credit: its clicks in rule order, the credited one and why, "
                + "every model's credit, the conversion path, the stored row and the ledger's corrections.",
        footer = "Spring properties (--spring.datasource.url=..., --reconciler.s3.bucket=..., --spring.cloud.aws.s3.endpoint=...) "
                + "connect it as they connect a run.")
public final class ExplainCommand {

    /** The first argument that selects this command in the reconciler jar. */
    public static final String NAME = "explain";

    /** Exit code when the checkout is in neither the table nor raw. */
    public static final int NOT_FOUND = 1;

    @Parameters(index = "0", paramLabel = "CHECKOUT_ID", description = "The checkout's event_id (the order id).")
    String checkoutId;

    @Option(names = "--json", description = "Print the explanation as JSON instead of text.")
    boolean json;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "1h", description = "Attribution window W (default 1h).")
    String window;

    @Option(names = "--lookback", paramLabel = "DURATION", defaultValue = "3d",
            description = "How far back raw checkout partitions are searched when the table has no row (default 3d).")
    String lookback;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the explanation to FILE instead of stdout.")
    Path output;

    private ExplainCommand() {
    }

    /** The parsed and checked options. */
    public record Options(String checkoutId, boolean json, AttributionWindow window, Duration lookback, Path output) {
    }

    /**
     * Parses {@code args} (after {@code explain}); Spring properties (a name with a dot) are left out.
     *
     * @throws IllegalArgumentException for an unknown option, a missing id or a bad duration
     */
    public static Options parse(String[] args) {
        ExplainCommand c = new ExplainCommand();
        try {
            new CommandLine(c).parseArgs(CommandLineOptions.withoutSpringProperties(args).toArray(String[]::new));
        } catch (ParameterException e) {
            throw new IllegalArgumentException(CommandLines.reason(e), e);
        }
        Duration lookback = Durations.parse(c.lookback);
        if (lookback.isNegative() || lookback.isZero()) {
            throw new IllegalArgumentException("--lookback must be positive, was " + c.lookback);
        }
        return new Options(c.checkoutId, c.json, AttributionWindow.parse(c.window), lookback, c.output);
    }

    /** The explanation of {@code options.checkoutId()} as text or JSON; empty when the checkout is not found. */
    public static Optional<String> explain(ExplainSources sources, Options options) {
        return sources.find(options.checkoutId(), options.window(), options.lookback()).map(found -> {
            CheckoutExplanation e = CheckoutExplainer.explain(found.checkout(), found.facts(), found.userClicks(),
                    found.clicksRead(), MultiTouchAttribution.withWindow(options.window()), found.stored(), found.corrections());
            return options.json() ? json(e) : ExplanationText.of(e);
        });
    }

    static String json(CheckoutExplanation e) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(e) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("explanation not writable as JSON", ex);
        }
    }

    /**
     * Runs {@code batch-reconciler explain ...} ({@code args} after {@code explain}); returns the exit code.
     * {@code application} starts the reconciler's Spring context from the given arguments.
     */
    public static int run(String[] args, PrintStream out, PrintStream err,
            java.util.function.Function<String[], ConfigurableApplicationContext> application) {
        CommandLine cli = new CommandLine(new ExplainCommand());
        try {
            cli.parseArgs(CommandLineOptions.withoutSpringProperties(args).toArray(String[]::new));
            if (cli.isUsageHelpRequested()) {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                cli.usage(new PrintStream(text, true, StandardCharsets.UTF_8));
                out.print(text.toString(StandardCharsets.UTF_8));
                return 0;
            }
        } catch (ParameterException e) {
            // reported below with the same wording as every other bad argument
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("batch-reconciler explain: bad arguments: " + ErrorLine.of(e.getMessage()) + " (see explain --help)");
            return ReconcileOnceRunner.BAD_ARGUMENTS;
        }
        List<String> springArgs = new ArrayList<>(List.of(args));
        // nothing runs, and stdout carries only the explanation (its log would interleave with it)
        springArgs.add("--reconciler.mode=none");
        springArgs.add("--logging.threshold.console=OFF");
        ConfigurableApplicationContext context;
        try {
            context = application.apply(springArgs.toArray(String[]::new));
        } catch (RuntimeException e) {
            err.println("batch-reconciler explain: could not start: " + ErrorLine.cause(e));
            return ReconcileOnceRunner.FAILED;
        }
        try (context) {
            ExplainSources sources = new ExplainSources(context.getBean(JdbcTemplate.class),
                    context.getBean(RawEventSource.class), context.getBean(Clock.class));
            Optional<String> text = explain(sources, options);
            if (text.isEmpty()) {
                err.println("batch-reconciler explain: checkout '" + options.checkoutId() + "' not found: no row in "
                        + "ecommerce.attributed_checkouts and no raw checkout arriving in the last "
                        + Durations.format(options.lookback()) + " (--lookback)");
                return NOT_FOUND;
            }
            if (options.output() == null) {
                out.print(text.get());
                out.flush();
            } else {
                Files.writeString(options.output(), text.get());
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("batch-reconciler explain: " + ErrorLine.cause(e));
            return ReconcileOnceRunner.FAILED;
        }
    }
}
