package com.clickstream.attribution.local.report;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code attributed_checkouts} as CSV, the stable output of {@code ./pipeline run}:
 * UTF-8, {@code \n} line ends, header {@code checkout_id,attributed_click_id,traffic_source,revenue,attributed},
 * one row per checkout sorted by checkout id in code-point order ({@code COLLATE "C"}); revenue with
 * exactly two decimals ({@code 12.50}); attributed {@code true}/{@code false}; an unattributed checkout
 * has an empty click id and traffic source {@code unattributed}. A field is quoted (RFC 4180) only when
 * it holds a comma, a double quote, CR or LF; quotes inside are doubled.
 */
public final class CheckoutsCsv {

    public static final String HEADER = "checkout_id,attributed_click_id,traffic_source,revenue,attributed";

    /** One row of the dump. */
    public record Row(String checkoutId, String clickId, String trafficSource, BigDecimal revenue, boolean attributed) {
        public String toCsv() {
            return field(checkoutId) + "," + field(clickId == null ? "" : clickId) + "," + field(trafficSource) + ","
                    + revenue.setScale(2).toPlainString() + "," + attributed;
        }
    }

    private CheckoutsCsv() {
    }

    public static List<Row> read(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT checkout_id, attributed_click_id, traffic_source, revenue, attributed "
                        + "FROM ecommerce.attributed_checkouts ORDER BY checkout_id COLLATE \"C\"");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getBoolean(5)));
            }
        }
        return rows;
    }

    public static void write(List<Row> rows, Path out) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (Row row : rows) {
                w.write(row.toCsv());
                w.write('\n');
            }
        }
    }

    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
