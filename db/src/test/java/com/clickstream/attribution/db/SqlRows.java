package com.clickstream.attribution.db;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/** Reads {@code db/queries/sample_queries.sql} by its {@code -- name:} markers and runs SQL into plain rows. */
final class SqlRows {

    static final Path SAMPLE_QUERIES = Path.of("queries", "sample_queries.sql");

    private static final Pattern NAME = Pattern.compile("(?m)^-- name: *([a-z0-9_]+) *$");

    /** One result row, read by column label. */
    record Row(Map<String, Object> values) {
        String text(String column) {
            return (String) require(column);
        }

        long number(String column) {
            return ((Number) require(column)).longValue();
        }

        BigDecimal decimal(String column) {
            Object value = require(column);
            return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
        }

        BigDecimal decimalOrNull(String column) {
            return values.get(column) == null ? null : decimal(column);
        }

        OffsetDateTime timestamp(String column) {
            return (OffsetDateTime) require(column);
        }

        private Object require(String column) {
            if (!values.containsKey(column)) {
                throw new IllegalArgumentException("no column " + column + " in " + values.keySet());
            }
            return values.get(column);
        }
    }

    private SqlRows() {
    }

    /** Query name -> SQL text (its comments included, trailing semicolon removed), in file order. */
    static Map<String, String> sampleQueries() throws IOException {
        String file = Files.readString(SAMPLE_QUERIES, StandardCharsets.UTF_8);
        Map<String, String> queries = new LinkedHashMap<>();
        Matcher matcher = NAME.matcher(file);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (matcher.find()) {
            starts.add(new int[] {matcher.start(), matcher.end()});
            names.add(matcher.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : file.length();
            String sql = file.substring(starts.get(i)[1], end).strip();
            if (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1);
            }
            if (queries.put(names.get(i), sql) != null) {
                throw new IllegalStateException("query name used twice: " + names.get(i));
            }
        }
        return queries;
    }

    static List<Row> query(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        Object value = "timestamptz".equals(meta.getColumnTypeName(c))
                                ? rs.getObject(c, OffsetDateTime.class)
                                : rs.getObject(c);
                        values.put(meta.getColumnLabel(c), value);
                    }
                    rows.add(new Row(values));
                }
                return rows;
            }
        }
    }

    static int update(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
