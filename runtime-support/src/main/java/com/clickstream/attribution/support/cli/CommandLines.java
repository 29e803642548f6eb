package com.clickstream.attribution.support.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one style of every human-facing command line of the pipeline, on picocli: {@code --help} prints
 * the usage, and bad arguments (an unknown option, with "did you mean ...?" when one is close; a
 * missing value; a value the command refuses) are one line on stderr,
 * {@code <tool>: bad arguments: <reason> (see --help)}, and exit code {@value #BAD_ARGUMENTS}
 * (docs/command-line.md).
 */
public final class CommandLines {

    /** Exit code for bad arguments (picocli's own code for invalid input). */
    public static final int BAD_ARGUMENTS = 2;

    private CommandLines() {
    }

    /** A picocli command line for {@code command}, writing to {@code out}/{@code err}, with the one-line error. */
    public static CommandLine create(Object command, String tool, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(badArguments(tool, e));
            return BAD_ARGUMENTS;
        });
        return cli;
    }

    /** The one line for a parameter error: {@code <tool>: bad arguments: <reason> [(did you mean ...?)] (see --help)}. */
    public static String badArguments(String tool, ParameterException e) {
        return tool + ": bad arguments: " + reason(e) + " (see --help)";
    }

    /**
     * The error's message on one line, with a suggestion for a mistyped option: picocli's, else the
     * option closest by edit distance ({@link ErrorLines#closest}; picocli's similarity misses swapped
     * letters such as {@code --form} for {@code --from}).
     */
    public static String reason(ParameterException e) {
        String message = ErrorLines.oneLine(e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = new ArrayList<>(unmatched.getSuggestions());
            if (suggestions.isEmpty() && e.getCommandLine() != null) {
                Set<String> options = e.getCommandLine().getCommandSpec().optionsMap().keySet();
                for (String arg : unmatched.getUnmatched()) {
                    if (arg.startsWith("--")) {
                        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                        ErrorLines.closest(name, options).ifPresent(suggestions::add);
                    }
                }
            }
            if (!suggestions.isEmpty()) {
                message += " (did you mean " + String.join(" or ", suggestions) + "?)";
            }
        }
        return message;
    }
}
