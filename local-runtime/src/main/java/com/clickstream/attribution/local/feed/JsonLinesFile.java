package com.clickstream.attribution.local.feed;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a JSON-lines file (one wire record per line, arrival order = file order) into Kinesis records.
 * Lines are split on {@code \n} (a {@code \r} before it is dropped) and kept as BYTES, never decoded:
 * a line with invalid UTF-8 is a record like any other, rejected downstream with its reason, instead of
 * failing the whole read. Routing only looks at the line, never refuses it: {@code "event_type":"checkout"}
 * goes to the checkouts stream, anything else (clicks, malformed lines) to the clicks stream, where the
 * stream and the raw landing reject it with its reason. Partition key: {@code user_id} when it is a
 * string, else {@code line-<n>}. Blank lines (only ASCII whitespace) are skipped.
 */
public final class JsonLinesFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLinesFile() {
    }

    public static List<OutboundRecord> read(Path file) throws IOException {
        List<OutboundRecord> records = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int n = 0;
            int b;
            while (true) {
                b = in.read();
                if (b == '\n' || (b < 0 && line.size() > 0)) {
                    n++;
                    byte[] bytes = withoutTrailingCr(line.toByteArray());
                    if (!isBlank(bytes)) {
                        records.add(route(bytes, n));
                    }
                    line.reset();
                }
                if (b < 0) {
                    break;
                }
                if (b != '\n') {
                    line.write(b);
                }
            }
        }
        return records;
    }

    /** The Kinesis record for line {@code lineNo} (1-based) of a file. */
    public static OutboundRecord route(String line, int lineNo) {
        return route(line.getBytes(StandardCharsets.UTF_8), lineNo);
    }

    /** The Kinesis record for the bytes of line {@code lineNo} (1-based) of a file. */
    public static OutboundRecord route(byte[] line, int lineNo) {
        String stream = EventType.CLICK.stream();
        String key = "line-" + lineNo;
        try {
            JsonNode node = JSON.readTree(line);
            if (node != null && node.isObject()) {
                if ("checkout".equals(node.path("event_type").asText(null))) {
                    stream = EventType.CHECKOUT.stream();
                }
                JsonNode user = node.get("user_id");
                if (user != null && user.isTextual() && !user.asText().isEmpty() && user.asText().length() <= 256) {
                    key = user.asText();
                }
            }
        } catch (IOException | RuntimeException notJson) {
            // routed to the clicks stream, rejected there as not_json
        }
        return new OutboundRecord(stream, key, line);
    }

    private static byte[] withoutTrailingCr(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\r' ? Arrays.copyOf(line, line.length - 1) : line;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }
}
