package com.clickstream.attribution.generator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.generator.traffic.RecordKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GeneratorCommandTest {

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private GeneratorCommand command() {
        return new GeneratorCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesAFileWhoseLinesMatchTheSummaryAndASeedScript() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Path seedSql = dir.resolve("dims.sql");
        GeneratorCommand command = command();

        int exit = new CommandLine(command).execute("--sink", "file", "--out", events.toString(),
                "--start", "2026-11-20T00:00:00Z", "--duration", "10m", "--events", "3000",
                "--seed-sql", seedSql.toString());

        assertThat(exit).isZero();
        List<String> lines = Files.readAllLines(events);
        assertThat(lines).hasSize(3000);
        assertThat(command.lastSummary().records()).isEqualTo(3000);
        assertThat(command.lastSummary().sink().sent()).isEqualTo(3000);
        assertThat(lines.stream().filter(l -> l.contains("\"event_type\":\"checkout\"")).count())
                .isGreaterThanOrEqualTo(command.lastSummary().count(RecordKind.CHECKOUT));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("records   3,000").contains("sink      sent 3,000");
        assertThat(Files.readString(seedSql)).startsWith("-- Dimension seed: 2000 users, 200 products");
    }

    @Test
    void sameOptionsGiveTheSameFile() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        String[] common = {"--start", "2026-11-20T00:00:00Z", "--duration", "5m", "--seed", "9"};
        new CommandLine(command()).execute(concat(common, "--out", a.toString()));
        new CommandLine(command()).execute(concat(common, "--out", b.toString()));
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b)).isNotEmpty();
    }

    @Test
    void defaultStartIsTheDurationBeforeNowToTheMinute() {
        GeneratorCommand command = command();
        new CommandLine(command).parseArgs("--duration", "2h");
        Instant now = Instant.parse("2026-11-25T12:34:56Z");
        assertThat(command.config(now).start()).isEqualTo(Instant.parse("2026-11-25T10:34:00Z"));
        assertThat(command.config(now).duration()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aBadDurationIsAClearUsageError() {
        int exit = new CommandLine(command()).setErr(new java.io.PrintWriter(err, true))
                .execute("--duration", "soon", "--out", dir.resolve("x.jsonl").toString());
        assertThat(exit).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a duration: 'soon'");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
