package com.clickstream.attribution.rawlanding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.contract.EventType;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawLandingOptionsTest {

    @Test
    void defaultsAreFirehoseLike() {
        RawLandingOptions o = RawLandingOptions.defaults();
        assertThat(o.bufferBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(o.bufferInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.stream(EventType.CLICK)).isEqualTo("clicks");
        assertThat(o.stream(EventType.CHECKOUT)).isEqualTo("checkouts");
        assertThat(o.initialPosition()).isEqualTo(RawLandingOptions.InitialPosition.TRIM_HORIZON);
        assertThat(o.kinesisEndpoint()).isNull();
        assertThat(o.checkpointPrefix()).isEqualTo("_checkpoints/raw-landing/");
    }

    @Test
    void everySettingCanComeFromAMap() {
        RawLandingOptions o = RawLandingOptions.fromMap(Map.ofEntries(
                Map.entry("bucket", "b"),
                Map.entry("kinesis.endpoint", "http://127.0.0.1:4567"),
                Map.entry("s3.endpoint", "http://127.0.0.1:9000"),
                Map.entry("region", "eu-west-1"),
                Map.entry("stream.click", "dev-clicks"),
                Map.entry("stream.checkout", "dev-checkouts"),
                Map.entry("buffer.size", "512KiB"),
                Map.entry("buffer.interval", "2s"),
                Map.entry("poll.interval", "100ms"),
                Map.entry("get.min-interval", "PT0S"),
                Map.entry("get.max-records", "500"),
                Map.entry("initial-position", "latest"),
                Map.entry("checkpoint.prefix", "cp"),
                Map.entry("quiet-period", "1s"),
                Map.entry("progress.interval", "1m"),
                Map.entry("retry.max-backoff", "5s")));
        assertThat(o.bucket()).isEqualTo("b");
        assertThat(o.kinesisEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4567"));
        assertThat(o.s3Endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(o.region()).isEqualTo("eu-west-1");
        assertThat(o.streams()).containsEntry(EventType.CLICK, "dev-clicks").containsEntry(EventType.CHECKOUT, "dev-checkouts");
        assertThat(o.bufferBytes()).isEqualTo(512 * 1024);
        assertThat(o.bufferInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(o.minGetInterval()).isZero();
        assertThat(o.maxRecordsPerGet()).isEqualTo(500);
        assertThat(o.initialPosition()).isEqualTo(RawLandingOptions.InitialPosition.LATEST);
        assertThat(o.checkpointPrefix()).isEqualTo("cp/");
        assertThat(o.quietPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.progressInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.maxRetryBackoff()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void sizesTakeBinaryUnits() {
        assertThat(RawLandingOptions.parseSize("1048576")).isEqualTo(1 << 20);
        assertThat(RawLandingOptions.parseSize("64MiB")).isEqualTo(64L << 20);
        assertThat(RawLandingOptions.parseSize("1GiB")).isEqualTo(1L << 30);
        assertThatThrownBy(() -> RawLandingOptions.parseSize("64MB")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownKeysAndSharedStreamsAreRefused() {
        assertThatThrownBy(() -> RawLandingOptions.fromMap(Map.of("bufer.size", "1")))
                .hasMessageContaining("bufer.size");
        assertThatThrownBy(() -> RawLandingOptions.fromMap(Map.of("stream.view", "v")))
                .hasMessageContaining("stream.view");
        assertThatThrownBy(() -> RawLandingOptions.fromMap(Map.of("stream.checkout", "clicks")))
                .hasMessageContaining("own stream");
        assertThatThrownBy(() -> RawLandingOptions.fromMap(Map.of("get.max-records", "10001")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
