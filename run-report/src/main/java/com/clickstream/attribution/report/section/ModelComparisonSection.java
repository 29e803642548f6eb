package com.clickstream.attribution.report.section;

import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.report.ReportPeriod;
import com.clickstream.attribution.report.chart.Chart;
import com.clickstream.attribution.report.chart.ValueFormat;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Revenue by traffic source under each attribution model side by side. The models are whatever
 * {@code rollup_daily_model_source} holds for the period (a new model appears without a change here),
 * in {@link AttributionModel}'s order, unknown names after them.
 */
public final class ModelComparisonSection implements ReportSection {

    static final String SQL = """
            SELECT traffic_source, model, sum(credited_revenue)
            FROM ecommerce.rollup_daily_model_source
            WHERE day BETWEEN ? AND ?
            GROUP BY traffic_source, model
            """;

    @Override
    public Chart chart(Connection c, ReportPeriod period) throws SQLException {
        Pivot pivot = new Pivot();
        for (Object[] r : Sql.rows(c, SQL, period.firstDay(), period.lastDay())) {
            pivot.add((String) r[0], (String) r[1], Sql.decimal(r[2]));
        }
        List<String> sources = pivot.categoriesByTotal(Set.of(Attribution.UNATTRIBUTED));
        List<String> models = pivot.seriesNames().stream().sorted(MODEL_ORDER).toList();
        return new Chart("models", "Revenue by traffic source under each attribution model",
                "Each checkout's revenue credited to the traffic sources of its touches (clicks of the same user inside "
                        + "the attribution window), under every model the reconciler computes. Under every model the "
                        + "credits of a checkout add up to its revenue, so every column of the table has the same total; "
                        + "'unattributed' holds checkouts without a touch.",
                Chart.Kind.GROUPED_BARS, "traffic source", "credited revenue (currency units)", sources,
                pivot.series(models, sources, ValueFormat.MONEY), List.of(),
                "ecommerce.rollup_daily_model_source (written by the reconciler from raw clicks)");
    }

    /** Known models in the enum's order, then any other name alphabetically. */
    static final Comparator<String> MODEL_ORDER = Comparator.comparingInt(ModelComparisonSection::rank)
            .thenComparing(Comparator.naturalOrder());

    private static int rank(String model) {
        return Arrays.stream(AttributionModel.values()).filter(m -> m.dbName().equals(model))
                .mapToInt(Enum::ordinal).findFirst().orElse(Integer.MAX_VALUE);
    }
}
