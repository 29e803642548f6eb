package com.clickstream.attribution.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The machine-readable results (docs/benchmarks/results.json): one object per benchmark with the
 * machine it ran on, when, every metric (runs, min, median, max, unit) and every table. Writing a
 * benchmark replaces only its own entry.
 */
public final class ResultsFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsFile() {
    }

    public static void write(Path file, Section section, Map<String, String> machine) throws IOException {
        ObjectNode root = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
        ObjectNode entry = JSON.createObjectNode();
        entry.put("title", section.title());
        entry.put("finished", Instant.now().toString());
        ObjectNode machineNode = entry.putObject("machine");
        machine.forEach(machineNode::put);
        ObjectNode metrics = entry.putObject("metrics");
        for (Map.Entry<String, Object> metric : section.metrics().entrySet()) {
            if (metric.getValue() instanceof Stats stats) {
                ObjectNode node = metrics.putObject(metric.getKey());
                node.put("unit", stats.unit());
                ArrayNode runs = node.putArray("runs");
                stats.runs().forEach(runs::add);
                node.put("min", stats.min());
                node.put("median", stats.median());
                node.put("max", stats.max());
            } else {
                metrics.set(metric.getKey(), JSON.valueToTree(metric.getValue()));
            }
        }
        ArrayNode tables = entry.putArray("tables");
        for (Table table : section.tables()) {
            ObjectNode node = tables.addObject();
            node.put("caption", table.caption());
            node.set("columns", JSON.valueToTree(table.columns()));
            node.set("rows", JSON.valueToTree(table.rows()));
        }
        root.set(section.id(), entry);
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), root);
    }
}
