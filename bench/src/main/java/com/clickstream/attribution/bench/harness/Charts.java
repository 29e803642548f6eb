package com.clickstream.attribution.bench.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts for the report (JFreeChart, headless). */
public final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Grouped bars: {@code values.get(series).get(category)}. */
    public static void bars(Path file, String title, String categoryLabel, String valueLabel,
            Map<String, Map<String, Double>> values, boolean logScale) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((series, byCategory) -> byCategory.forEach((category, v) -> data.addValue(v, series, category)));
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (logScale) {
            // bars start at 0, which a log axis cannot show: leave the base out of the range
            ((BarRenderer) plot.getRenderer()).setIncludeBaseInRange(false);
            LogarithmicAxis axis = new LogarithmicAxis(valueLabel);
            axis.setAllowNegativesFlag(false);
            plot.setRangeAxis(axis);
        }
        save(file, chart);
    }

    /** Lines with points: {@code series.get(name)} is a list of {x, y}. */
    public static void lines(Path file, String title, String xLabel, String yLabel,
            Map<String, List<double[]>> series, boolean logY) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, points) -> {
            XYSeries s = new XYSeries(name, false, true);
            points.forEach(p -> s.add(p[0], p[1]));
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        if (logY) {
            LogarithmicAxis axis = new LogarithmicAxis(yLabel);
            axis.setAllowNegativesFlag(false);
            plot.setRangeAxis(axis);
        }
        save(file, chart);
    }

    private static void save(Path file, JFreeChart chart) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
