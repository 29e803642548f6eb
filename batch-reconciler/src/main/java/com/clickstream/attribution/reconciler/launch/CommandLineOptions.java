package com.clickstream.attribution.reconciler.launch;

import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.support.cli.CommandLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The reconciler's own options, parsed by picocli like every command line of the pipeline
 * ({@link CommandLines}): {@code --from=2024-03-01} or {@code --from 2024-03-01}, {@code --help}, and
 * "did you mean" for a mistyped option. Options with a dot ({@code --reconciler.mode=schedule},
 * {@code --spring.datasource.url=...}, either form) are Spring properties: they are taken out before
 * picocli parses and left to Spring. The values are checked by {@link ReconciliationParameters#fromOptions}.
 */
@Command(name = "batch-reconciler", mixinStandardHelpOptions = true,
        description = "Recomputes first-click attribution from the raw events in S3 and corrects PostgreSQL (docs/reconciler.md).",
        footer = "Spring properties (--reconciler.*, --spring.*: a name with a dot) are passed to Spring.")
public final class CommandLineOptions {

    @Option(names = "--from", paramLabel = "INSTANT|DATE", description = "First checkout time of the range (default: the day before --to).")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT|DATE", description = "End of the range, exclusive (default: today 00:00 UTC).")
    String to;

    @Option(names = "--window", paramLabel = "DURATION", description = "Attribution window W (default 1h).")
    String window;

    @Option(names = "--lookback", paramLabel = "DURATION", description = "How far back raw partitions are listed (default 3d).")
    String lookback;

    @Option(names = "--lateness", paramLabel = "DURATION", description = "The stream's allowed lateness (default 5m).")
    String lateness;

    @Option(names = "--buckets", paramLabel = "N", description = "User-id buckets of the apply stage, 1..4096 (default 64).")
    String buckets;

    private CommandLineOptions() {
    }

    /**
     * The options given, by name (without the dashes).
     *
     * @throws IllegalArgumentException for an unknown option (with a suggestion), a missing value or a stray argument
     */
    public static Map<String, String> parse(String[] args) {
        CommandLineOptions options = new CommandLineOptions();
        try {
            new CommandLine(options).parseArgs(withoutSpringProperties(args).toArray(String[]::new));
        } catch (ParameterException e) {
            throw new IllegalArgumentException(CommandLines.reason(e), e);
        }
        Map<String, String> given = new LinkedHashMap<>();
        put(given, ReconciliationParameters.FROM, options.from);
        put(given, ReconciliationParameters.TO, options.to);
        put(given, ReconciliationParameters.WINDOW, options.window);
        put(given, ReconciliationParameters.LOOKBACK, options.lookback);
        put(given, ReconciliationParameters.LATENESS, options.lateness);
        put(given, ReconciliationParameters.BUCKETS, options.buckets);
        return given;
    }

    /** The usage text when {@code --help} (or {@code -h}) is among the arguments, else null. */
    public static String usageIfRequested(String[] args) {
        CommandLine cli = new CommandLine(new CommandLineOptions());
        try {
            cli.parseArgs(withoutSpringProperties(args).toArray(String[]::new));
        } catch (ParameterException e) {
            return null;
        }
        if (!cli.isUsageHelpRequested()) {
            return null;
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        cli.usage(new PrintStream(text, true, StandardCharsets.UTF_8));
        return text.toString(StandardCharsets.UTF_8);
    }

    /** The arguments without Spring properties ({@code --a.b=v}, or {@code --a.b v}). */
    static List<String> withoutSpringProperties(String[] args) {
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") ? arg.substring(2, eq < 0 ? arg.length() : eq) : "";
            if (!name.contains(".")) {
                ours.add(arg);
            } else if (eq < 0 && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                i++; // a Spring property given as "--name value"
            }
        }
        return ours;
    }

    private static void put(Map<String, String> given, String name, String value) {
        if (value != null) {
            given.put(name, value);
        }
    }
}
