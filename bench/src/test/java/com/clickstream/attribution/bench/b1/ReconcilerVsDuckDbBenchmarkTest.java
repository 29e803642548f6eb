package com.clickstream.attribution.bench.b1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerVsDuckDbBenchmarkTest {

    @Test
    void sizesAreLabelledForTablesAndMetricKeys() {
        assertThat(ReconcilerVsDuckDbBenchmark.label(50_000)).isEqualTo("50k");
        assertThat(ReconcilerVsDuckDbBenchmark.label(1_000_000)).isEqualTo("1M");
        assertThat(ReconcilerVsDuckDbBenchmark.label(10_000_000)).isEqualTo("10M");
        assertThat(ReconcilerVsDuckDbBenchmark.label(1_234)).isEqualTo("1234");
    }

    @Test
    void sizesCanBeNarrowedByLabel() {
        assertThat(ReconcilerVsDuckDbBenchmark.sizes(false, null)).isEqualTo(ReconcilerVsDuckDbBenchmark.FULL);
        assertThat(ReconcilerVsDuckDbBenchmark.sizes(true, "")).isEqualTo(ReconcilerVsDuckDbBenchmark.QUICK);
        assertThat(ReconcilerVsDuckDbBenchmark.sizes(false, "1m"))
                .containsExactly(new ReconcilerVsDuckDbBenchmark.Size(1_000_000, 11));
        assertThatThrownBy(() -> ReconcilerVsDuckDbBenchmark.sizes(false, "2M"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1M");
    }

    @Test
    void differingAnswersFailTheBenchmarkWithTheFirstDifference(@TempDir Path dir) throws Exception {
        Path duck = dir.resolve("duckdb.csv");
        Path reconciler = dir.resolve("reconciler.csv");
        Answers.write(duck, List.of(new Answers.Answer("o-1", "u-1", "10.00", "k-1", "google"),
                new Answers.Answer("o-2", "u-2", "5.00", "", "unattributed")));
        Files.copy(duck, dir.resolve("same.csv"));
        Answers.write(reconciler, List.of(new Answers.Answer("o-2", "u-2", "5.00", "", "unattributed"),
                new Answers.Answer("o-1", "u-1", "10.00", "k-0", "email")));

        ReconcilerVsDuckDbBenchmark.requireIdentical(duck, dir.resolve("same.csv"), "same");
        assertThatThrownBy(() -> ReconcilerVsDuckDbBenchmark.requireIdentical(duck, reconciler, "1M run 1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1M run 1")
                .hasMessageContaining("'o-1,u-1,10.00,k-1,google' vs reconciler.csv 'o-1,u-1,10.00,k-0,email'");
    }

    @Test
    void answersWrittenUnsortedBucketByBucketCompareEqualAfterSorting(@TempDir Path dir) throws Exception {
        List<Answers.Answer> all = List.of(new Answers.Answer("o-1", "u-1", "10.00", "k-1", "google"),
                new Answers.Answer("O-9", "u-3", "1.00", "k-7", "email"),
                new Answers.Answer("o-2", "u-2", "5.00", "", "unattributed"));
        Path duck = dir.resolve("duckdb.csv");
        Answers.write(duck, all);
        Path streamed = dir.resolve("reconciler.csv");
        try (Answers.Writer writer = new Answers.Writer(streamed)) {
            writer.add(List.of(all.get(2)));
            writer.add(List.of(all.get(0), all.get(1)));
            assertThat(writer.written()).isEqualTo(3);
            assertThat(writer.attributed()).isEqualTo(2);
        }
        assertThat(Files.readAllLines(streamed).get(0)).startsWith("o-2,");

        ReconcilerVsDuckDbBenchmark.requireIdentical(duck, streamed, "streamed");
        // code point order, as Answers.write: upper case before lower case
        assertThat(Files.readAllLines(streamed)).containsExactlyElementsOf(Files.readAllLines(duck))
                .first().asString().startsWith("O-9,");
    }
}
