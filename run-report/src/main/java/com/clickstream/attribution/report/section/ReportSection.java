package com.clickstream.attribution.report.section;

import com.clickstream.attribution.report.ReportPeriod;
import com.clickstream.attribution.report.chart.Chart;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One chart of the report: its query (constant SQL, the period's bounds bound as parameters) and how the
 * rows become a {@link Chart}. The page draws the chart and lists its numbers; a section only says what
 * they are. A new chart is one more implementation, added to {@link ReportSections#standard()}.
 */
public interface ReportSection {

    /** The chart for {@code period}; {@link Chart#isEmpty() empty} when the tables hold nothing for it. */
    Chart chart(Connection c, ReportPeriod period) throws SQLException;
}
