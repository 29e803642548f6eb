package com.clickstream.attribution.bench.b2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendLogTest {

    @Test
    void aRecordWasSentWhenItsChunkStarted() {
        SendLog log = new SendLog();
        log.add(new SendLog.Chunk(100, 200, 1_000_000, 1_050_000));
        log.add(new SendLog.Chunk(0, 100, 900_000, 910_000));
        assertThat(log.sentMicros(0)).isEqualTo(900_000);
        assertThat(log.sentMicros(99)).isEqualTo(900_000);
        assertThat(log.sentMicros(100)).isEqualTo(1_000_000);
        assertThat(log.sentMicros(199)).isEqualTo(1_000_000);
        assertThatThrownBy(() -> log.sentMicros(200)).hasMessageContaining("never sent");
    }

    @Test
    void rateIsRecordsOverFirstStartToLastEnd() {
        SendLog log = new SendLog();
        for (int i = 0; i < 10; i++) { // 100 records every 100 ms, each call 20 ms
            log.add(new SendLog.Chunk(i * 100L, (i + 1) * 100L, i * 100_000L, i * 100_000L + 20_000));
        }
        // 1,000 records from 0 to 0.92 s
        assertThat(log.rate(0, 1_000)).isCloseTo(1_000 / 0.92, within(0.01));
        // records 500..999: calls 5..9, 0.5 s to 0.92 s
        assertThat(log.rate(500, 1_000)).isCloseTo(500 / 0.42, within(0.01));
    }

    @Test
    void roundTripsThroughTheWorkersFile(@TempDir Path dir) throws Exception {
        SendLog.Chunk a = new SendLog.Chunk(0, 7, 1_700_000_000_000_000L, 1_700_000_000_000_123L);
        SendLog.Chunk b = new SendLog.Chunk(7, 9, 1_700_000_000_100_000L, 1_700_000_000_100_050L);
        Path file = dir.resolve("sends-1");
        Files.writeString(file, SendLog.line(a) + SendLog.line(b));
        assertThat(SendLog.read(file).chunks()).containsExactly(a, b);
    }
}
