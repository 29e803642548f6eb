package com.clickstream.attribution.core.rules.multitouch;

import static com.clickstream.attribution.core.rules.TestEvents.T;
import static com.clickstream.attribution.core.rules.TestEvents.checkoutAtT;
import static com.clickstream.attribution.core.rules.TestEvents.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributionWindow;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The conversion paths of docs/attribution.md, "Conversion paths": one named case each. */
class ConversionPathTest {

    private static final MultiTouchAttribution MODELS = MultiTouchAttribution.withWindow(AttributionWindow.DEFAULT);

    private static String pathOf(List<Click> clicks) {
        return ConversionPath.ofCredits(MODELS.credit(AttributionModel.LINEAR, checkoutAtT(), clicks));
    }

    @Test
    @DisplayName("the sources of the touches in touch order, joined with ' > '")
    void touchOrder() {
        assertThat(pathOf(List.of(
                click("k3", "u1", T, "email"),
                click("k1", "u1", T.minus(Duration.ofMinutes(60)), "google"),
                click("k2", "u1", T.minus(Duration.ofMinutes(30)), "facebook"))))
                .isEqualTo("google > facebook > email");
    }

    @Test
    @DisplayName("consecutive repeats collapse, a source that comes back is a new step")
    void consecutiveRepeatsCollapse() {
        assertThat(ConversionPath.of(List.of("google", "google", "email", "google", "direct", "direct")))
                .isEqualTo("google > email > google > direct");
    }

    @Test
    @DisplayName("ties: the same order as the models (smaller event_id first), copies once")
    void tiesAndCopies() {
        Click kb = click("k-b", "u1", T.minusSeconds(60), "facebook");
        assertThat(pathOf(List.of(kb, click("k-a", "u1", T.minusSeconds(60), "google"), kb)))
                .isEqualTo("google > facebook");
    }

    @Test
    @DisplayName("only the candidates: both window ends count, a click outside does not")
    void windowAsTheModels() {
        assertThat(pathOf(List.of(
                click("k-start", "u1", T.minus(Duration.ofHours(1)), "google"),
                click("k-too-early", "u1", T.minus(Duration.ofHours(1)).minusMillis(1), "affiliate"),
                click("k-other-user", "u2", T.minusSeconds(30), "instagram"),
                click("k-end", "u1", T, "email"),
                click("k-after", "u1", T.plusMillis(1), "direct"))))
                .isEqualTo("google > email");
    }

    @Test
    @DisplayName("no touch: 'unattributed'")
    void unattributed() {
        assertThat(pathOf(List.of())).isEqualTo("unattributed");
        assertThat(ConversionPath.of(List.of())).isEqualTo("unattributed");
    }

    @Test
    @DisplayName("more than 10 steps: the last 10 behind '...'")
    void longPathsKeepTheirLastSteps() {
        List<String> sources = IntStream.rangeClosed(1, 12).mapToObj(i -> "s" + i).toList();

        assertThat(ConversionPath.of(sources)).isEqualTo("... > s3 > s4 > s5 > s6 > s7 > s8 > s9 > s10 > s11 > s12");
        assertThat(ConversionPath.of(sources.subList(0, 10))).isEqualTo("s1 > s2 > s3 > s4 > s5 > s6 > s7 > s8 > s9 > s10");
    }
}
