package com.clickstream.attribution.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandLinesTest {

    @Command(name = "tool", mixinStandardHelpOptions = true)
    static final class Tool implements Runnable {
        @Option(names = "--window", description = "attribution window")
        String window;

        @Override
        public void run() {
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CommandLines.create(new Tool(), "tool", new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    @Test
    void aMistypedOptionExitsTwoWithOneLineAndASuggestion() {
        assertThat(run("--windw", "1h")).isEqualTo(CommandLines.BAD_ARGUMENTS);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .startsWith("tool: bad arguments: Unknown option").contains("'--windw'")
                .contains("(did you mean --window?)").endsWith("(see --help)").doesNotContain("\n");
    }

    @Test
    void swappedLettersAreSuggestedToo() {
        assertThat(run("--widnow=1h")).isEqualTo(CommandLines.BAD_ARGUMENTS);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("(did you mean --window?)");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--window").contains("Usage: tool");
    }
}
