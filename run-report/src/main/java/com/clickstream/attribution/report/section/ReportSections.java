package com.clickstream.attribution.report.section;

import java.util.List;

/** The charts of the report, in page order. */
public final class ReportSections {

    private ReportSections() {
    }

    /** Every standard chart. A new chart is one {@link ReportSection} class with its query, added here. */
    public static List<ReportSection> standard() {
        return List.of(
                new ModelComparisonSection(),
                new DailyRevenueSection(),
                new TimeToPurchaseSection(),
                new TouchesSection(),
                new ConversionPathsSection(),
                new AgreementSection(),
                new CorrectionsSection(),
                new DeadLettersSection());
    }
}
