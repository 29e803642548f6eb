package com.clickstream.attribution.report.section;

import java.util.List;

/** The charts of the report, in page order. */
public final class ReportSections {

    private ReportSections() {
    }

    /**
     * Every standard chart. A new chart (e.g. the top conversion paths over
     * {@code rollup_daily_conversion_paths}) is one {@link ReportSection} class with its query, added here.
     */
    public static List<ReportSection> standard() {
        return List.of(
                new ModelComparisonSection(),
                new DailyRevenueSection(),
                new TimeToPurchaseSection(),
                new TouchesSection(),
                new AgreementSection(),
                new CorrectionsSection(),
                new DeadLettersSection());
    }
}
