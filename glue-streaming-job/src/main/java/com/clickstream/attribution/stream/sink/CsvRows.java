package com.clickstream.attribution.stream.sink;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Builds the text of {@code COPY ... FROM STDIN (FORMAT csv)}: null is an unquoted empty field,
 * every other value is quoted (so an empty string stays an empty string and commas, quotes and
 * newlines in payloads are safe).
 */
final class CsvRows {

    private final StringBuilder out = new StringBuilder(4096);
    private boolean lineStart = true;

    CsvRows add(Object value) {
        if (!lineStart) {
            out.append(',');
        }
        lineStart = false;
        if (value == null) {
            return this;
        }
        String text;
        if (value instanceof Boolean b) {
            text = b ? "t" : "f";
        } else if (value instanceof BigDecimal d) {
            text = d.toPlainString();
        } else if (value instanceof Instant i) {
            text = i.toString(); // ISO-8601 UTC, read by timestamptz
        } else {
            text = value.toString();
        }
        out.append('"');
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
        return this;
    }

    CsvRows endRow() {
        out.append('\n');
        lineStart = true;
        return this;
    }

    String text() {
        return out.toString();
    }
}
