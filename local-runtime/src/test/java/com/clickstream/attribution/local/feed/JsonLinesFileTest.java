package com.clickstream.attribution.local.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.clickstream.attribution.generator.sink.OutboundRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileTest {

    @TempDir
    Path dir;

    @Test
    void linesAreKeptAsBytesSoInvalidUtf8IsARecordNotAFailedRead() throws Exception {
        byte[] bad = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
        Path file = dir.resolve("events.jsonl");
        Files.write(file, concat("{\"event_type\":\"checkout\",\"user_id\":\"u-1\"}\r\n".getBytes(), bad,
                "\n  \t\n\n{\"event_type\":\"click\"}".getBytes()));

        List<OutboundRecord> records = JsonLinesFile.read(file);

        assertThat(records).hasSize(3);
        assertThat(records.get(0).stream()).isEqualTo("checkouts");
        assertThat(records.get(0).partitionKey()).isEqualTo("u-1");
        assertThat(new String(records.get(0).payload())).isEqualTo("{\"event_type\":\"checkout\",\"user_id\":\"u-1\"}");
        assertThat(records.get(1).payload()).isEqualTo(bad);
        assertThat(records.get(1).stream()).isEqualTo("clicks");
        assertThat(records.get(1).partitionKey()).isEqualTo("line-2");
        assertThat(records.get(2).partitionKey()).as("blank lines count as lines, but are no records").isEqualTo("line-5");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
