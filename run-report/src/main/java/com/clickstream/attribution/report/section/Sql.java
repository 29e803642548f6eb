package com.clickstream.attribution.report.section;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Runs the report's constant SQL with bound values ({@code ?}). */
public final class Sql {

    private Sql() {
    }

    /** Every row, as its columns' JDBC values ({@code numeric} as BigDecimal, {@code date} as LocalDate). */
    public static List<Object[]> rows(Connection c, String sql, Object... binds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                s.setObject(i + 1, binds[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getMetaData().getColumnType(i + 1) == java.sql.Types.DATE
                                ? rs.getObject(i + 1, LocalDate.class) : rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** The first column of the one row, as a date (null when SQL NULL). */
    public static LocalDate oneDate(Connection c, String sql, Object... binds) throws SQLException {
        List<Object[]> rows = rows(c, sql, binds);
        return rows.isEmpty() ? null : (LocalDate) rows.get(0)[0];
    }

    /** A numeric column value as BigDecimal (null stays null). */
    public static BigDecimal decimal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        return new BigDecimal(value.toString());
    }
}
