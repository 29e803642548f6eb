package com.clickstream.attribution.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's results: notes, tables, charts (for docs/benchmarks.md) and named metrics (for the
 * JSON file). Parts are rendered in the order they were added.
 */
public final class Section {

    private final String id;
    private final String title;
    private final List<Object> parts = new ArrayList<>();
    private final Map<String, Object> metrics = new LinkedHashMap<>();

    public Section(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** A paragraph of Markdown. */
    public Section note(String markdown) {
        parts.add(new Note(markdown));
        return this;
    }

    public Table table(String caption, String... columns) {
        Table table = new Table(caption, List.of(columns));
        parts.add(table);
        return table;
    }

    /** A chart already written to {@code docs/benchmarks/<file>}. */
    public Section chart(String file, String caption) {
        parts.add(new Chart(file, caption));
        return this;
    }

    /** A measurement for the JSON results file ({@code key} unique within the section). */
    public Section metric(String key, Stats stats) {
        metrics.put(key, stats);
        return this;
    }

    /** A plain value for the JSON results file (counts, flags, settings). */
    public Section value(String key, Object value) {
        metrics.put(key, value);
        return this;
    }

    public Map<String, Object> metrics() {
        return metrics;
    }

    public List<Table> tables() {
        return parts.stream().filter(Table.class::isInstance).map(Table.class::cast).toList();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Note note) {
                out.append(note.markdown().strip()).append("\n\n");
            } else if (part instanceof Table table) {
                out.append(table.markdown()).append("\n");
            } else if (part instanceof Chart chart) {
                out.append("![").append(chart.caption()).append("](benchmarks/").append(chart.file()).append(")\n\n");
            }
        }
        return out.toString();
    }

    private record Note(String markdown) {
    }

    private record Chart(String file, String caption) {
    }
}
