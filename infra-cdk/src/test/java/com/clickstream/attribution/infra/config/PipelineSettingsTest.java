package com.clickstream.attribution.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.rules.AttributionWindow;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineSettingsTest {

    @Test
    void defaultsAreDocumentedValuesAndTheWindowComesFromAttributionCore() {
        PipelineSettings s = PipelineSettings.defaults();
        assertThat(s.prefix()).isEqualTo("clickstream");
        assertThat(s.attributionWindow()).isEqualTo(AttributionWindow.DEFAULT_LENGTH);
        assertThat(s.allowedLateness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.generatorEnabled()).isFalse();
        assertThat(s.streamingAlwaysOn()).isFalse();
        assertThat(s.dbDeletionProtection()).isTrue();
        assertThat(s.dbMultiAz()).isFalse();
        assertThat(s.githubRepository()).isEmpty();
        assertThat(s.reconcilerSchedule()).isEqualTo("30 2 * * ? *");
    }

    @Test
    void contextValuesOverrideDefaultsWhateverTheirJsonType() {
        PipelineSettings s = PipelineSettings.fromMap(Map.of(
                "prefix", "shop-a", "attributionWindow", "90m", "generatorEnabled", true, "glueWorkers", 4.0,
                "correctionRateThresholdPercent", "0.5", "githubRepository", "acme/shop"));
        assertThat(s.name("alerts")).isEqualTo("shop-a-alerts");
        assertThat(s.attributionWindow()).isEqualTo(Duration.ofMinutes(90));
        assertThat(PipelineSettings.text(s.attributionWindow())).isEqualTo("90m");
        assertThat(s.generatorEnabled()).isTrue();
        assertThat(s.glueWorkers()).isEqualTo(4);
        assertThat(s.correctionRateThresholdPercent()).isEqualTo(0.5);
        assertThat(s.githubRepository()).contains("acme/shop");
    }

    @Test
    void blankContextValuesMeanTheDefault() {
        assertThat(PipelineSettings.fromMap(Map.of("githubRepository", " ", "prefix", "")).githubRepository()).isEmpty();
    }

    @Test
    void invalidValuesAreRejectedWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> PipelineSettings.fromMap(Map.of("prefix", "Bad_Prefix"))).hasMessageContaining("prefix");
        assertThatThrownBy(() -> PipelineSettings.fromMap(Map.of("firehoseBufferMiB", "32"))).hasMessageContaining("firehoseBufferMiB");
        assertThatThrownBy(() -> PipelineSettings.fromMap(Map.of("glueWorkers", "1"))).hasMessageContaining("2 workers");
        assertThatThrownBy(() -> PipelineSettings.fromMap(Map.of("dbMultiAz", "yes"))).hasMessageContaining("dbMultiAz");
        assertThatThrownBy(() -> PipelineSettings.fromMap(Map.of("maxAzs", "two"))).hasMessageContaining("maxAzs");
        assertThatThrownBy(() -> PipelineSettings.fromMap(Map.of("glueWorkers", "2.5"))).hasMessageContaining("glueWorkers");
    }
}
