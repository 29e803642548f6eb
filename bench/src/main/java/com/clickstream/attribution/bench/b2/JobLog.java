package com.clickstream.attribution.bench.b2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a micro-batch's time went, read from the streaming worker's log: Spark's
 * {@code StreamingQueryProgress} (logged at INFO for every batch: input rows, trigger duration, and
 * {@code addBatch}, the foreachBatch call that runs the whole pipeline inside its collect) and the
 * sink's own line (the PostgreSQL transaction's milliseconds).
 */
final class JobLog {

    /**
     * @param triggerMs  the whole micro-batch (offsets, planning, addBatch, commit)
     * @param addBatchMs the foreachBatch call: source read, parse, state, collect and the sink
     * @param sinkMs     the sink's PostgreSQL transaction (-1 when it did not log one: an empty batch)
     */
    record Batch(long batchId, long inputRows, long triggerMs, long addBatchMs, long sinkMs) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SINK = Pattern.compile("PostgresSink: batch (\\d+) of \\S+: .* (\\d+) ms$");
    private static final String PROGRESS = "Streaming query made progress: {";

    private JobLog() {
    }

    static Map<Long, Batch> read(Path log) {
        try {
            return parse(Files.readAllLines(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<Long, Batch> parse(List<String> lines) {
        Map<Long, Long> sinkMs = new TreeMap<>();
        Map<Long, Batch> batches = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = SINK.matcher(line);
            if (m.find()) {
                sinkMs.put(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
                continue;
            }
            int at = line.indexOf(PROGRESS);
            if (at < 0) {
                continue;
            }
            StringBuilder json = new StringBuilder("{");
            while (++i < lines.size()) {
                json.append(lines.get(i)).append('\n');
                if (lines.get(i).equals("}")) {
                    break;
                }
            }
            try {
                JsonNode p = JSON.readTree(json.toString());
                JsonNode d = p.path("durationMs");
                long id = p.path("batchId").asLong();
                batches.put(id, new Batch(id, p.path("numInputRows").asLong(), d.path("triggerExecution").asLong(),
                        d.path("addBatch").asLong(), -1));
            } catch (IOException e) {
                // a progress block cut off by the end of the log: nothing to learn from it
            }
        }
        sinkMs.forEach((id, ms) -> batches.computeIfPresent(id,
                (k, b) -> new Batch(b.batchId(), b.inputRows(), b.triggerMs(), b.addBatchMs(), ms)));
        return batches;
    }
}
