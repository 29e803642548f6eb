package com.clickstream.attribution.local.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a JSON-lines file (one wire record per line, arrival order = file order) into Kinesis records.
 * Routing only looks at the line, never refuses it: {@code "event_type":"checkout"} goes to the
 * checkouts stream, anything else (clicks, malformed lines) to the clicks stream, where the stream and
 * the raw landing reject it with its reason. Partition key: {@code user_id} when it is a string, else
 * {@code line-<n>}. Blank lines are skipped.
 */
public final class JsonLinesFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLinesFile() {
    }

    public static List<OutboundRecord> read(Path file) throws IOException {
        List<OutboundRecord> records = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                records.add(route(line, n));
            }
        }
        return records;
    }

    /** The Kinesis record for line {@code lineNo} (1-based) of a file. */
    public static OutboundRecord route(String line, int lineNo) {
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
        } catch (IOException notJson) {
            // routed to the clicks stream, rejected there as not_json
        }
        return new OutboundRecord(stream, key, line.getBytes(StandardCharsets.UTF_8));
    }
}
