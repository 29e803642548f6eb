package com.clickstream.attribution.reconciler.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineOptionsTest {

    @Test
    void readsBothFormsAndLeavesSpringPropertiesToSpring() {
        Map<String, String> options = CommandLineOptions.parse(new String[] {
                "--from", "2024-03-01", "--to=2024-03-02", "--reconciler.mode=once",
                "--spring.datasource.url", "jdbc:postgresql://127.0.0.1/x", "--window", "1h"});
        assertThat(options).containsExactly(Map.entry("from", "2024-03-01"), Map.entry("to", "2024-03-02"),
                Map.entry("window", "1h"));
    }

    @Test
    void rejectsUnknownOptionsAndMissingValues() {
        assertThatThrownBy(() -> CommandLineOptions.parse(new String[] {"--form", "x"}))
                .hasMessageContaining("unknown option --form");
        assertThatThrownBy(() -> CommandLineOptions.parse(new String[] {"--from"}))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> CommandLineOptions.parse(new String[] {"2024-03-01"}))
                .hasMessageContaining("unexpected argument");
    }
}
