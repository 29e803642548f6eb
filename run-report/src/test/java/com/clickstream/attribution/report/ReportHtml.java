package com.clickstream.attribution.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the numbers back out of a report's HTML: each chart's table and bars, and the summary figures. */
final class ReportHtml {

    private static final Pattern TABLE = Pattern.compile(
            "<table class=\"numbers\" data-chart=\"([^\"]+)\">(.*?)</table>", Pattern.DOTALL);
    private static final Pattern HEADER = Pattern.compile("<th scope=\"col\">([^<]*)</th>");
    private static final Pattern ROW = Pattern.compile("<tr><th scope=\"row\">([^<]*)</th>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td data-value=\"([^\"]*)\">");
    private static final Pattern MARK = Pattern.compile(
            "<rect class=\"mark\"[^>]* data-series=\"([^\"]*)\" data-category=\"([^\"]*)\" data-value=\"([^\"]*)\">");
    private static final Pattern SECTION = Pattern.compile("<section class=\"card\" id=\"([^\"]+)\">(.*?)</section>",
            Pattern.DOTALL);
    private static final Pattern FIGURE = Pattern.compile("data-figure=\"([^\"]+)\" data-value=\"([^\"]*)\"");

    /** One chart's table: its columns and, per category (row), the value per column (null = empty cell). */
    record Table(List<String> columns, Map<String, Map<String, BigDecimal>> rows) {
        BigDecimal get(String category, String column) {
            return rows.getOrDefault(category, Map.of()).get(column);
        }
    }

    /** One bar. */
    record Mark(String series, String category, BigDecimal value) {
    }

    private ReportHtml() {
    }

    static Map<String, Table> tables(String html) {
        Map<String, Table> tables = new LinkedHashMap<>();
        Matcher t = TABLE.matcher(html);
        while (t.find()) {
            String body = t.group(2);
            List<String> headers = new ArrayList<>();
            Matcher h = HEADER.matcher(body);
            while (h.find()) {
                headers.add(unescape(h.group(1)));
            }
            List<String> columns = headers.subList(1, headers.size());
            Map<String, Map<String, BigDecimal>> rows = new LinkedHashMap<>();
            String tbody = body.substring(body.indexOf("<tbody>"), body.indexOf("</tbody>"));
            Matcher r = ROW.matcher(tbody);
            while (r.find()) {
                Map<String, BigDecimal> cells = new LinkedHashMap<>();
                Matcher c = CELL.matcher(r.group(2));
                int i = 0;
                while (c.find()) {
                    cells.put(columns.get(i++), c.group(1).isEmpty() ? null : new BigDecimal(c.group(1)));
                }
                rows.put(unescape(r.group(1)), cells);
            }
            tables.put(t.group(1), new Table(List.copyOf(columns), rows));
        }
        return tables;
    }

    /** The bars of each chart section, by section id. */
    static Map<String, List<Mark>> marks(String html) {
        Map<String, List<Mark>> marks = new LinkedHashMap<>();
        Matcher s = SECTION.matcher(html);
        while (s.find()) {
            List<Mark> list = new ArrayList<>();
            Matcher m = MARK.matcher(s.group(2));
            while (m.find()) {
                list.add(new Mark(unescape(m.group(1)), unescape(m.group(2)), new BigDecimal(m.group(3))));
            }
            marks.put(s.group(1), list);
        }
        return marks;
    }

    static Map<String, BigDecimal> figures(String html) {
        Map<String, BigDecimal> figures = new LinkedHashMap<>();
        Matcher f = FIGURE.matcher(html);
        while (f.find()) {
            figures.put(f.group(1), f.group(2).isEmpty() ? null : new BigDecimal(f.group(2)));
        }
        return figures;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
