package com.clickstream.attribution.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.clickstream.attribution.core.rules.AttributionWindow;
import org.junit.jupiter.api.Test;

class RuntimeOptionsTest {

    @Test
    void defaultsComeFromTheirSources() {
        RuntimeOptions o = RuntimeOptions.defaults();
        assertThat(o.window()).isEqualTo(AttributionWindow.DEFAULT_LENGTH);
        assertThat(o.lateness()).isEqualTo(RuntimeOptions.DEFAULT_LATENESS);
        assertThat(o.workDir()).isEqualTo(Path.of("work", "local"));
        assertThat(o.keepRunning()).isFalse();
    }

    @Test
    void theCommandLineTakesOptionsInBothFormsAndAFlagAlone() {
        RuntimeOptions o = LocalRuntimeMain.Invocation.parse(new String[] {"demo", "--window=20m", "--lateness", "PT4M",
                "--keep-running", "--minutes", "3", "--speedup", "60"}).options();
        assertThat(o.window()).isEqualTo(Duration.ofMinutes(20));
        assertThat(o.lateness()).isEqualTo(Duration.ofMinutes(4));
        assertThat(o.keepRunning()).isTrue();
        assertThat(o.minutes()).isEqualTo(3);
        assertThat(o.speedup()).isEqualTo(60);
        assertThat(LocalRuntimeMain.Invocation.parse(new String[] {"demo", "--keep-running=false"}).options().keepRunning())
                .isFalse();
    }

    @Test
    void theHtmlReportGoesToTheWorkFolderUnlessReportIsGiven() {
        assertThat(LocalRuntimeMain.Invocation.parse(new String[] {"demo", "--work-dir", "w"}).reportFile())
                .isEqualTo(Path.of("w", "report.html"));
        assertThat(LocalRuntimeMain.Invocation.parse(new String[] {"demo", "--report", "out/r.html"}).reportFile())
                .isEqualTo(Path.of("out", "r.html"));
    }

    @Test
    void refusesUnknownOptionsWithASuggestion() {
        assertThatThrownBy(() -> LocalRuntimeMain.Invocation.parse(new String[] {"demo", "--windw", "1h"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--windw")
                .hasMessageContaining("did you mean --window?");
        assertThatThrownBy(() -> RuntimeOptions.fromMap(Map.of("nope", "1"), RuntimeOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nope");
    }
}
