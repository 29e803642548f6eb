package com.clickstream.attribution.generator.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSinkTest {

    @TempDir
    Path dir;

    @Test
    void writesEachPayloadAndANewlineByteForByte() throws IOException {
        Path file = dir.resolve("out/events.jsonl");
        byte[] utf8 = "{\"product_name\":\"Caf\u00e9 cr\u00e8me\"}".getBytes(StandardCharsets.UTF_8);

        try (JsonLinesSink sink = new JsonLinesSink(file)) {
            sink.send(List.of(record("clicks", "{\"a\":1}"), new OutboundRecord("checkouts", "u2", utf8)));
            sink.send(List.of(record("clicks", "not json {")));
            assertThat(sink.stats()).isEqualTo(new SinkStats(3, 0, 0, 2));
        }

        byte[] expected = concat("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8), utf8, new byte[] {'\n'},
                "not json {\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }

    @Test
    void buffersUntilClose() throws IOException {
        Path file = dir.resolve("buffered.jsonl");
        JsonLinesSink sink = new JsonLinesSink(file);
        sink.send(List.of(record("clicks", "{}")));

        assertThat(Files.size(file)).isZero();
        sink.close();
        assertThat(Files.readString(file)).isEqualTo("{}\n");
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path file = dir.resolve("old.jsonl");
        Files.writeString(file, "old content that is longer\n");

        try (JsonLinesSink sink = new JsonLinesSink(file)) {
            sink.send(List.of(record("clicks", "{}")));
        }

        assertThat(Files.readString(file)).isEqualTo("{}\n");
    }

    @Test
    void aStreamThatIsNotOwnedIsFlushedButNotClosed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean[] closed = {false};
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };

        try (JsonLinesSink sink = new JsonLinesSink(out, false)) {
            sink.send(List.of(record("clicks", "{\"x\":true}")));
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("{\"x\":true}\n");
        assertThat(closed[0]).isFalse();
    }

    @Test
    void dashMeansStandardOutput() {
        try (JsonLinesSink sink = JsonLinesSink.open("-")) {
            assertThat(sink.toString()).contains("stdout");
        }
    }

    @Test
    void aWriteFailureBecomesSinkExceptionWithTheUndeliveredCount() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        // Buffer of 64 KiB: the third 40 KB record forces the first write to the broken stream.
        JsonLinesSink sink = new JsonLinesSink(broken, true);
        List<OutboundRecord> batch = List.of(TestRecords.ofSize("clicks", "u", 40_000),
                TestRecords.ofSize("clicks", "u", 40_000), TestRecords.ofSize("clicks", "u", 40_000));

        assertThatThrownBy(() -> sink.send(batch))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.undelivered()).isEqualTo(2))
                .hasMessageContaining("disk full");
    }

    @Test
    void refusesToWriteAfterClose() {
        JsonLinesSink sink = new JsonLinesSink(dir.resolve("closed.jsonl"));
        sink.close();

        assertThatThrownBy(() -> sink.send(List.of(record("clicks", "{}")))).isInstanceOf(IllegalStateException.class);
    }

    private static OutboundRecord record(String stream, String json) {
        return new OutboundRecord(stream, "user-1", json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
