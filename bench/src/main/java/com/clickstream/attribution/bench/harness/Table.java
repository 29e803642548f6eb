package com.clickstream.attribution.bench.harness;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table of a report section; {@link Stats} cells print as median (min – max). */
public final class Table {

    private final String caption;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String caption, List<String> columns) {
        this.caption = caption;
        this.columns = List.copyOf(columns);
    }

    public Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("table '" + caption + "' has " + columns.size() + " columns, row has "
                    + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell instanceof Stats s ? s.format() : cell instanceof Double d ? Stats.number(d)
                    : String.valueOf(cell).replace("|", "\\|"));
        }
        rows.add(row);
        return this;
    }

    public String caption() {
        return caption;
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<String>> rows() {
        return rows;
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        if (!caption.isBlank()) {
            out.append("**").append(caption).append("**\n\n");
        }
        out.append("| ").append(String.join(" | ", columns)).append(" |\n");
        out.append("|").append(" --- |".repeat(columns.size())).append("\n");
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }
}
