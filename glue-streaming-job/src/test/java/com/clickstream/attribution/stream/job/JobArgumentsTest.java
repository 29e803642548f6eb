package com.clickstream.attribution.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.stream.source.SourceKind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

    @Test
    void localDefaults() {
        JobArguments args = JobArguments.of(Map.of());
        assertThat(args.runtime()).isEqualTo(JobArguments.Runtime.LOCAL);
        assertThat(args.source()).isEqualTo(SourceKind.QUBOLE);
        assertThat(args.clicksStream()).isEqualTo("clicks");
        assertThat(args.checkoutsStream()).isEqualTo("checkouts");
        assertThat(args.kinesisEndpoint()).isEmpty();
        assertThat(args.awsRegion()).isEqualTo("us-east-1");
        assertThat(args.startingPosition()).isEqualTo("TRIM_HORIZON");
        assertThat(args.attributionWindow()).isEqualTo(new AttributionWindow(AttributionWindow.DEFAULT_LENGTH));
        assertThat(args.allowedLateness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(args.triggerInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(args.stateStore()).isEqualTo(JobArguments.StateStore.HDFS);
        assertThat(args.queryName()).isEqualTo("attribution");
        assertThat(args.checkpointLocation()).isEqualTo("work/checkpoints/attribution");
        assertThat(args.jdbcUrl()).isEmpty();
        assertThat(args.shufflePartitions()).isEmpty();
    }

    @Test
    void glueDefaultsDiffer() {
        JobArguments args = JobArguments.of(Map.of(JobArguments.RUNTIME, "glue",
                JobArguments.CHECKPOINT_LOCATION, "s3://checkpoints/attribution"));
        assertThat(args.runtime()).isEqualTo(JobArguments.Runtime.GLUE);
        assertThat(args.source()).isEqualTo(SourceKind.AWS_KINESIS);
        assertThat(args.startingPosition()).isEqualTo("LATEST");
        assertThat(args.stateStore()).isEqualTo(JobArguments.StateStore.ROCKSDB);
        assertThat(args.stateStore().providerClass()).endsWith("RocksDBStateStoreProvider");
        assertThat(args.shufflePartitions()).contains(8);
    }

    @Test
    void parsesGlueStyleArgumentsAndIgnoresGluesOwnKeys() {
        JobArguments args = JobArguments.parse(new String[] {
                "--JOB_NAME", "streaming-attribution", "--job-bookmark-option", "job-bookmark-disable",
                "--clicks_stream", "prod-clicks", "--kinesis_endpoint", "http://127.0.0.1:4567",
                "--attribution_window", "90m", "--allowed_lateness", "PT10M", "--trigger_interval=2s",
                "--state_store", "RocksDB", "--starting_position", "earliest", "--enable-metrics"});
        assertThat(args.jobName()).isEqualTo("streaming-attribution");
        assertThat(args.clicksStream()).isEqualTo("prod-clicks");
        assertThat(args.kinesisEndpoint()).contains(URI.create("http://127.0.0.1:4567"));
        assertThat(args.attributionWindow().length()).isEqualTo(Duration.ofMinutes(90));
        assertThat(args.allowedLateness()).isEqualTo(Duration.ofMinutes(10));
        assertThat(args.triggerInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(args.stateStore()).isEqualTo(JobArguments.StateStore.ROCKSDB);
        assertThat(args.startingPosition()).isEqualTo("TRIM_HORIZON");
        assertThat(args.unknownKeys()).containsExactlyInAnyOrder("job-bookmark-option", "enable-metrics");
    }

    @Test
    void dbRetryForDefaultsToFiveMinutesAndTakesAnyNonNegativeDuration() {
        assertThat(JobArguments.of(Map.of()).dbRetryFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(JobArguments.of(Map.of(JobArguments.DB_RETRY_FOR, "90s")).dbRetryFor()).isEqualTo(Duration.ofSeconds(90));
        assertThat(JobArguments.of(Map.of(JobArguments.DB_RETRY_FOR, "0s")).dbRetryFor()).isZero();
        assertThatThrownBy(() -> JobArguments.of(Map.of(JobArguments.DB_RETRY_FOR, "PT-1M")))
                .hasMessageContaining("--db_retry_for");
        assertThatThrownBy(() -> JobArguments.of(Map.of(JobArguments.DB_RETRY_FOR, "forever")))
                .hasMessageContaining("not a duration");
    }

    @Test
    void dbSocketTimeoutDefaultsToTwoMinutesAndIsZeroOrAtLeastOneSecond() {
        assertThat(JobArguments.of(Map.of()).dbSocketTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(JobArguments.of(Map.of(JobArguments.DB_SOCKET_TIMEOUT, "5s")).dbSocketTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(JobArguments.of(Map.of(JobArguments.DB_SOCKET_TIMEOUT, "0s")).dbSocketTimeout()).isZero();
        assertThatThrownBy(() -> JobArguments.of(Map.of(JobArguments.DB_SOCKET_TIMEOUT, "500ms")))
                .hasMessageContaining("--db_socket_timeout");
    }

    @Test
    void aFlagWithoutValueIsTrue() {
        assertThat(JobArguments.toMap(List.of("--a", "--b", "x"))).containsEntry("a", "true").containsEntry("b", "x");
    }

    @Test
    void badValuesFailAtStartUp() {
        assertThatThrownBy(() -> JobArguments.of(Map.of(JobArguments.SOURCE, "kafka")))
                .hasMessageContaining("--source");
        assertThatThrownBy(() -> JobArguments.of(Map.of(JobArguments.STARTING_POSITION, "AT_TIMESTAMP")))
                .hasMessageContaining("--starting_position");
        assertThatThrownBy(() -> JobArguments.of(Map.of(JobArguments.ATTRIBUTION_WINDOW, "0m")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobArguments.of(Map.of(JobArguments.ALLOWED_LATENESS, "soon")))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> JobArguments.of(Map.of(JobArguments.STATE_STORE, "memory")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobArguments.of(Map.of(JobArguments.RUNTIME, "glue")))
                .hasMessageContaining("--checkpoint_location is required on Glue");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"value-without-key"}))
                .hasMessageContaining("expected --key");
    }

    @Test
    void toStringShowsOnlyKnownKeys() {
        JobArguments args = JobArguments.of(Map.of(JobArguments.DB_PASSWORD_ENV, "PGPASSWORD", "secret-ish", "x"));
        assertThat(args.toString()).contains("db_password_env=PGPASSWORD").doesNotContain("secret-ish");
    }
}
