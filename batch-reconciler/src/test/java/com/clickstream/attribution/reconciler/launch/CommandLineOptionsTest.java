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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown option").hasMessageContaining("'--form'").hasMessageContaining("did you mean --from?");
        assertThatThrownBy(() -> CommandLineOptions.parse(new String[] {"--from"}))
                .hasMessageContaining("Missing required parameter for option '--from'");
        assertThatThrownBy(() -> CommandLineOptions.parse(new String[] {"2024-03-01"}))
                .hasMessageContaining("Unmatched argument");
    }

    @Test
    void helpGivesTheUsageWithEveryOptionAndOtherwiseNothing() {
        assertThat(CommandLineOptions.usageIfRequested(new String[] {"--help", "--spring.x=y"}))
                .contains("--from", "--to", "--window", "--lookback", "--lateness", "--buckets", "Spring properties");
        assertThat(CommandLineOptions.usageIfRequested(new String[] {"--from", "2024-03-01"})).isNull();
    }
}
