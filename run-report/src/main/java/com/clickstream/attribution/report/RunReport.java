package com.clickstream.attribution.report;

import com.clickstream.attribution.report.chart.Chart;
import com.clickstream.attribution.report.chart.DataTable;
import com.clickstream.attribution.report.chart.Html;
import com.clickstream.attribution.report.chart.Palette;
import com.clickstream.attribution.report.chart.Series;
import com.clickstream.attribution.report.chart.SvgBarChart;
import com.clickstream.attribution.report.section.ReportSection;
import com.clickstream.attribution.report.section.ReportSections;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The run report: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched) built from
 * PostgreSQL: summary figures, the recent reconciliation runs, and one chart with its table per
 * {@link ReportSection}. docs/report.md says how to read it.
 *
 * <pre>{@code
 * try (Connection c = dataSource.getConnection()) {
 *     RunReport.standard().write(c, ReportPeriod.latest(c, ReportPeriod.DEFAULT_DAYS), "./pipeline demo", path);
 * }
 * }</pre>
 */
public final class RunReport {

    private final List<ReportSection> sections;

    public RunReport(List<ReportSection> sections) {
        this.sections = List.copyOf(sections);
    }

    /** The report with every standard chart ({@link ReportSections#standard()}). */
    public static RunReport standard() {
        return new RunReport(ReportSections.standard());
    }

    /**
     * Writes the report to {@code file} (its folder is created; the file is replaced whole, so a reader never
     * sees half a report) and returns the file.
     *
     * @param origin who wrote it, e.g. {@code ./pipeline demo} or {@code reconciler run 12}
     */
    public Path write(Connection c, ReportPeriod period, String origin, Path file) throws SQLException, IOException {
        byte[] html = html(c, period, origin, Instant.now()).getBytes(StandardCharsets.UTF_8);
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".report-", ".html.tmp");
        try {
            Files.write(tmp, html);
            readableByAll(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // createTempFile makes it owner-only; a report is for whoever reads the folder
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** The report as HTML text. */
    public String html(Connection c, ReportPeriod period, String origin, Instant generatedAt) throws SQLException {
        Objects.requireNonNull(period, "period");
        List<Chart> charts = new ArrayList<>();
        for (ReportSection section : sections) {
            charts.add(section.chart(c, period));
        }
        Overview overview = Overview.read(c, period);
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Attribution run report · ").append(Html.escape(period.toString())).append("</title>\n")
                .append("<style>\n").append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<header>\n<h1>Clickstream attribution · run report</h1>\n<p class=\"meta\">Period ")
                .append(Html.escape(period.toString())).append(" · written by ").append(Html.escape(origin))
                .append(" at ").append(Html.escape(generatedAt.truncatedTo(ChronoUnit.SECONDS).toString()))
                .append(" · read <a href=\"#reading\">how to read this report</a></p>\n</header>\n");
        h.append(overview.summaryHtml());
        h.append("<nav aria-label=\"charts\"><ul>\n");
        for (Chart chart : charts) {
            h.append("<li><a href=\"#").append(Html.escape(chart.id())).append("\">").append(Html.escape(chart.title()))
                    .append("</a></li>\n");
        }
        h.append("<li><a href=\"#runs\">Reconciliation runs</a></li>\n</ul></nav>\n");
        // the first chart (the models side by side) gets the full width; the others pair up on a wide screen
        for (int i = 0; i < charts.size(); i++) {
            if (i == 1) {
                h.append("<div class=\"pairs\">\n");
            }
            h.append(section(charts.get(i)));
        }
        if (charts.size() > 1) {
            h.append("</div>\n");
        }
        h.append(overview.runsHtml());
        h.append(ReportStyle.READING);
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String section(Chart chart) {
        StringBuilder s = new StringBuilder(8192);
        s.append("<section class=\"card\" id=\"").append(Html.escape(chart.id())).append("\">\n<h2>")
                .append(Html.escape(chart.title())).append("</h2>\n<p class=\"desc\">").append(Html.escape(chart.description()))
                .append("</p>\n");
        if (chart.isEmpty()) {
            s.append("<p class=\"empty\">No data for this period in ").append(Html.escape(chart.source()))
                    .append(" (the reconciler writes it; a stream-only run has none).</p>\n");
        } else {
            if (chart.series().size() > 1) {
                s.append("<ul class=\"legend\">");
                for (int j = 0; j < chart.series().size(); j++) {
                    Series series = chart.series().get(j);
                    s.append("<li><span class=\"swatch\" style=\"background:").append(Palette.color(series.name(), j))
                            .append("\"></span>").append(Html.escape(series.name())).append("</li>");
                }
                s.append("</ul>\n");
            }
            s.append("<div class=\"scroll\">\n").append(SvgBarChart.render(chart)).append("</div>\n");
            s.append("<div class=\"scroll\">\n").append(DataTable.render(chart)).append("</div>\n");
        }
        s.append("<p class=\"source\">Source: ").append(Html.escape(chart.source())).append("</p>\n</section>\n");
        return s.toString();
    }
}
