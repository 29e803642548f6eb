package com.clickstream.attribution.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path dir;

    @Test
    void replacesOnlyItsOwnSectionAndKeepsHandWrittenText() throws Exception {
        Path md = dir.resolve("benchmarks.md");
        Files.writeString(md, "# Benchmarks\n\nIntro written by hand.\n");
        Section b1 = new Section("b1", "B1 — one");
        b1.table("", "engine", "seconds").row("duckdb", Stats.of("s", 1.0, 2.0, 3.0));
        Report.write(md, b1, "machine");
        Section b2 = new Section("b2", "B2 — two");
        b2.note("first version");
        Report.write(md, b2, "machine");
        b2 = new Section("b2", "B2 — two");
        b2.note("second version").chart("b2.png", "a chart");
        Report.write(md, b2, "machine");

        String text = Files.readString(md);
        assertThat(text).startsWith("# Benchmarks\n\nIntro written by hand.\n");
        assertThat(text).contains("| duckdb | 2.00 (1.00 – 3.00) s |");
        assertThat(text).contains("second version").doesNotContain("first version");
        assertThat(text).contains("![a chart](benchmarks/b2.png)");
        assertThat(text.indexOf("## B1")).isLessThan(text.indexOf("## B2"));
        assertThat(text.split("bench:b2:start", -1)).hasSize(2);
    }

    @Test
    void tableRowsMustMatchTheColumns() {
        Section s = new Section("x", "x");
        assertThatThrownBy(() -> s.table("t", "a", "b").row("only one"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 columns");
    }

    @Test
    void resultsFileKeepsOtherBenchmarksAndRecordsEveryRun() throws Exception {
        Path json = dir.resolve("results.json");
        Section b1 = new Section("b1", "one").metric("duckdb_seconds", Stats.of("s", 3.0, 1.0, 2.0));
        ResultsFile.write(json, b1, Map.of("cores", "2"));
        Section b3 = new Section("b3", "three").value("rows", 1000);
        ResultsFile.write(json, b3, Map.of("cores", "2"));

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode duckdb = root.path("b1").path("metrics").path("duckdb_seconds");
        assertThat(duckdb.path("runs")).hasSize(3);
        assertThat(duckdb.path("median").asDouble()).isEqualTo(2.0);
        assertThat(duckdb.path("unit").asText()).isEqualTo("s");
        assertThat(root.path("b3").path("metrics").path("rows").asInt()).isEqualTo(1000);
        assertThat(root.path("b1").path("machine").path("cores").asText()).isEqualTo("2");
    }

    @Test
    void peakRssIsReadFromProcStatusInBytes() throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nVmPeak:\t 9999 kB\nVmHWM:\t  204800 kB\nVmRSS:\t 1000 kB\n");
        assertThat(PeakRss.parse(status)).isEqualTo(204800L * 1024);
        assertThat(PeakRss.parse(dir.resolve("missing"))).isZero();
        assertThat(PeakRss.self()).isPositive();
    }
}
