package com.clickstream.attribution.infra.monitoring;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.config.PipelineSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.MetricProps;
import software.amazon.awscdk.services.cloudwatch.Row;
import software.constructs.Construct;

/** One dashboard from source to database: streams, Firehose, the streaming job, reconciler, RDS, Lambdas, alarms. */
public final class PipelineDashboard extends Construct {

    private final Dashboard dashboard;

    public PipelineDashboard(Construct scope, String id, PipelineSettings settings, PipelineAlarms.Watched w,
                             List<? extends IAlarm> alarms) {
        super(scope, id);
        Duration period = Duration.minutes(5);
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(period).build();
        MetricOptions max = MetricOptions.builder().statistic("Maximum").period(period).build();

        List<IMetric> incoming = new ArrayList<>();
        List<IMetric> iteratorAge = new ArrayList<>();
        List<IMetric> delivered = new ArrayList<>();
        List<IMetric> freshness = new ArrayList<>();
        List<IMetric> conversionFailed = new ArrayList<>();
        for (EventType type : EventType.values()) {
            incoming.add(w.streams().get(type).metricIncomingRecords(sum));
            iteratorAge.add(w.streams().get(type).metricGetRecordsIteratorAgeMilliseconds(max));
            String delivery = w.deliveryStreams().get(type);
            delivered.add(metric("AWS/Firehose", "DeliveryToS3.Records", Map.of("DeliveryStreamName", delivery), "Sum", period));
            freshness.add(metric("AWS/Firehose", "DeliveryToS3.DataFreshness", Map.of("DeliveryStreamName", delivery), "Maximum", period));
            conversionFailed.add(metric("AWS/Firehose", "FailedConversion.Records", Map.of("DeliveryStreamName", delivery), "Sum", period));
        }
        Map<String, String> job = Map.of("JobName", w.streamingJobName(), "JobRunId", "ALL", "Type", "count");
        Map<String, String> jobGauge = Map.of("JobName", w.streamingJobName(), "JobRunId", "ALL", "Type", "gauge");

        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(settings.name("pipeline"))
                .defaultInterval(Duration.hours(6))
                .widgets(List.of(
                        List.of(new Row(
                                graph("Kinesis incoming records", incoming),
                                graph("Kinesis iterator age (ms, max)", iteratorAge),
                                graph("Firehose records delivered to S3", delivered),
                                graph("Firehose data freshness (s) / failed conversions (kept in raw-errors/)",
                                        concat(freshness, conversionFailed)))),
                        List.of(new Row(
                                graph("Streaming job: records per batch", List.of(
                                        metric("Glue", "glue.driver.streaming.numRecords", job, "Sum", period))),
                                graph("Streaming job: batch processing time (ms)", List.of(
                                        metric("Glue", "glue.driver.streaming.batchProcessingTimeInMs", jobGauge, "Maximum", period))),
                                graph("Reconciler: correction rate (%) and corrections", List.of(
                                        metric(PipelineMetrics.NAMESPACE, PipelineMetrics.CORRECTION_RATE, Map.of(), "Maximum", Duration.hours(1)),
                                        metric(PipelineMetrics.NAMESPACE, PipelineMetrics.CORRECTIONS, Map.of(), "Sum", Duration.hours(1)))))),
                        List.of(new Row(
                                graph("PostgreSQL CPU (%)", List.of(w.database().metricCPUUtilization(
                                        MetricOptions.builder().statistic("Average").period(period).build()))),
                                graph("PostgreSQL free storage (bytes)", List.of(w.database().metricFreeStorageSpace(
                                        MetricOptions.builder().statistic("Minimum").period(period).build()))),
                                graph("PostgreSQL connections", List.of(w.database().metricDatabaseConnections(
                                        MetricOptions.builder().statistic("Maximum").period(period).build()))),
                                graph("Orchestrator invocations / errors", List.of(
                                        w.orchestrator().metricInvocations(sum), w.orchestrator().metricErrors(sum))))),
                        List.of(AlarmStatusWidget.Builder.create()
                                .title("Alarms (runbook: docs/operations.md)")
                                .alarms(List.copyOf(alarms))
                                .width(24)
                                .build())))
                .build();
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(List.copyOf(metrics)).width(6).height(6).build();
    }

    private static Metric metric(String namespace, String name, Map<String, String> dims, String statistic, Duration period) {
        return new Metric(MetricProps.builder().namespace(namespace).metricName(name).dimensionsMap(dims)
                .statistic(statistic).period(period).build());
    }

    private static List<IMetric> concat(List<IMetric> a, List<IMetric> b) {
        List<IMetric> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

}
