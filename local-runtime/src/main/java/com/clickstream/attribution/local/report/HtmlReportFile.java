package com.clickstream.attribution.local.report;

import com.clickstream.attribution.local.stack.Endpoints;
import com.clickstream.attribution.report.ReportPeriod;
import com.clickstream.attribution.report.RunReport;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The HTML run report (module run-report) of a local run: the days up to the last reconciled day (or the last
 * checkout's, for {@code --stream-only}), read from the run's database while its servers are still up.
 */
public final class HtmlReportFile {

    private HtmlReportFile() {
    }

    /** Writes it to {@code file}; returns the absolute path. */
    public static Path write(Endpoints servers, Path file, String origin) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(servers.jdbcUrl(), servers.dbUser(), servers.dbPassword())) {
            return RunReport.standard().write(c, ReportPeriod.latest(c, ReportPeriod.DEFAULT_DAYS), origin, file);
        }
    }
}
