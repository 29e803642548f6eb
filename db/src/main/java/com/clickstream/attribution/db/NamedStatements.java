package com.clickstream.attribution.db;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's SQL files for people (db/queries, db/athena) are lists of statements, each introduced by a
 * line {@code -- name: <name>}; this reads them, so every test runs the files unchanged.
 */
public final class NamedStatements {

    private static final String MARKER = "-- name: ";

    private NamedStatements() {
    }

    /** The statements of {@code sql} by name, in file order, without their trailing semicolon. */
    public static Map<String, String> parse(String sql) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        StringBuilder statement = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (line.startsWith(MARKER)) {
                if (name != null) {
                    out.put(name, strip(statement));
                }
                name = line.substring(MARKER.length()).strip();
                statement.setLength(0);
            } else if (name != null) {
                statement.append(line).append('\n');
            }
        }
        if (name != null) {
            out.put(name, strip(statement));
        }
        return out;
    }

    private static String strip(StringBuilder statement) {
        String s = statement.toString().strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    }
}
