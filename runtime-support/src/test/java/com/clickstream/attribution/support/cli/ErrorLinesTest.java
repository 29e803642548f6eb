package com.clickstream.attribution.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorLinesTest {

    @Test
    void joinsTheMessagesOfTheChainOnceOnOneLine() {
        IOException root = new IOException("Connection refused\n  (port 5432)");
        RuntimeException wrapper = new IllegalStateException("could not reach 127.0.0.1:5432",
                new UncheckedIOException(root.getMessage(), root));

        assertThat(ErrorLines.describe(wrapper))
                .isEqualTo("could not reach 127.0.0.1:5432: Connection refused (port 5432)");
    }

    @Test
    void namesTheClassWhenThereIsNoMessage() {
        assertThat(ErrorLines.describe(new IllegalStateException(new NullPointerException())))
                .isEqualTo("java.lang.NullPointerException");
        assertThat(ErrorLines.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void collapsesWhitespace() {
        assertThat(ErrorLines.oneLine(" a\tb\r\n  c ")).isEqualTo("a b c");
        assertThat(ErrorLines.oneLine(null)).isEmpty();
    }

    @Test
    void suggestsTheClosestKnownNameWithinThreeEdits() {
        List<String> known = List.of("allowed_lateness", "attribution_window", "glueWorkers");
        assertThat(ErrorLines.closest("alowed_lateness", known)).contains("allowed_lateness");
        assertThat(ErrorLines.closest("GLUEWORKER", known)).contains("glueWorkers");
        assertThat(ErrorLines.closest("bucket", known)).isEmpty();
    }
}
