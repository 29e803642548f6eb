package com.clickstream.attribution.infra.monitoring;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.config.PipelineSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The alarms of docs/operations.md, each sending to the alerts topic. Failures that CloudWatch has no
 * metric for (a Glue job run that failed, a reconciler task that exited non-zero) are caught by
 * EventBridge rules, which both notify the topic directly and are alarmed through their
 * {@code AWS/Events TriggeredRules} metric, so every failure shows up as an alarm state too.
 */
public final class PipelineAlarms extends Construct {

    /** Alarm ids (construct ids = the suffix of each alarm's name) — the runbook has one section per id. */
    public static final String ITERATOR_AGE = "IteratorAge";
    public static final String GLUE_JOB_FAILED = "StreamingJobFailed";
    public static final String FIREHOSE_DELIVERY_FAILED = "FirehoseDeliveryFailed";
    public static final String FIREHOSE_DATA_STALE = "FirehoseDataStale";
    public static final String RECONCILER_FAILED = "ReconcilerFailed";
    public static final String RECONCILER_NOT_STARTED = "ReconcilerNotStarted";
    public static final String CORRECTION_RATE_HIGH = "CorrectionRateHigh";
    public static final String RAW_OBJECTS_SKIPPED = "RawObjectsSkipped";
    public static final String DATABASE_CPU_HIGH = "DatabaseCpuHigh";
    public static final String DATABASE_STORAGE_LOW = "DatabaseStorageLow";
    public static final String ORCHESTRATOR_ERRORS = "OrchestratorErrors";

    /** What is watched. */
    public record Watched(Map<EventType, IStream> streams, Map<EventType, String> deliveryStreams,
                          String streamingJobName, String reconcilerClusterArn, Rule reconcilerSchedule,
                          IDatabaseInstance database, int databaseStorageGiB, IFunction orchestrator) {
    }

    private final List<Alarm> alarms = new ArrayList<>();
    private final Map<String, IMetric> keyMetrics = new LinkedHashMap<>();

    public PipelineAlarms(Construct scope, String id, PipelineSettings settings, Watched w, ITopic topic) {
        super(scope, id);
        SnsAction notify = new SnsAction(topic);
        Duration fiveMinutes = Duration.minutes(5);

        for (EventType type : EventType.values()) {
            IStream stream = w.streams().get(type);
            alarm(ITERATOR_AGE + cap(type.stream()), settings, notify,
                    stream.metricGetRecordsIteratorAgeMilliseconds(MetricOptions.builder()
                            .statistic("Maximum").period(fiveMinutes).build()),
                    settings.iteratorAgeThreshold().toMillis(), ComparisonOperator.GREATER_THAN_THRESHOLD, 3, 2,
                    "The oldest unread record of stream " + type.stream() + " is older than "
                            + PipelineSettings.text(settings.iteratorAgeThreshold()) + ": a consumer (streaming job or Firehose) is behind or stopped.");

            String delivery = w.deliveryStreams().get(type);
            alarm(FIREHOSE_DELIVERY_FAILED + cap(type.stream()), settings, notify,
                    firehose("DeliveryToS3.Success", delivery, "Minimum", fiveMinutes),
                    1, ComparisonOperator.LESS_THAN_THRESHOLD, 1, 1,
                    "Firehose " + delivery + " failed to put objects into the raw bucket (retries until the data expires in its buffer).");
            alarm(FIREHOSE_DATA_STALE + cap(type.stream()), settings, notify,
                    firehose("DeliveryToS3.DataFreshness", delivery, "Maximum", fiveMinutes),
                    3 * settings.firehoseBufferSeconds(), ComparisonOperator.GREATER_THAN_THRESHOLD, 2, 2,
                    "The oldest record in Firehose " + delivery + " waited more than 3 buffer intervals: delivery to S3 is failing or throttled.");
        }

        Rule glueFailed = Rule.Builder.create(this, "StreamingJobFailedRule")
                .ruleName(settings.name("streaming-job-failed"))
                .description("A run of the Glue streaming job failed, timed out or errored")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.glue"))
                        .detailType(List.of("Glue Job State Change"))
                        .detail(Map.of("jobName", List.of(w.streamingJobName()), "state", List.of("FAILED", "TIMEOUT", "ERROR")))
                        .build())
                .targets(List.of(new SnsTopic(topic)))
                .build();
        alarm(GLUE_JOB_FAILED, settings, notify, triggered(glueFailed), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, 1,
                "A run of the streaming job " + w.streamingJobName() + " ended FAILED/TIMEOUT/ERROR: attribution is not updating.");

        Rule reconcilerFailed = Rule.Builder.create(this, "ReconcilerFailedRule")
                .ruleName(settings.name("reconciler-failed"))
                .description("A reconciler task stopped with a non-zero exit code or failed to start")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.ecs"))
                        .detailType(List.of("ECS Task State Change"))
                        .detail(Map.of(
                                "clusterArn", List.of(w.reconcilerClusterArn()),
                                "lastStatus", List.of("STOPPED"),
                                "$or", List.of(
                                        // 3 = completed with raw objects skipped: RawObjectsSkipped's alarm, not a failure
                                        Map.of("containers", Map.of("exitCode", List.of(Map.of("anything-but", List.of(0, 3))))),
                                        Map.of("stopCode", List.of("TaskFailedToStart")))))
                        .build())
                .targets(List.of(new SnsTopic(topic)))
                .build();
        alarm(RECONCILER_FAILED, settings, notify, triggered(reconcilerFailed), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, 1,
                "The nightly reconciler exited non-zero or could not start: corrections for the last days are missing.");
        alarm(RECONCILER_NOT_STARTED, settings, notify,
                new Metric(software.amazon.awscdk.services.cloudwatch.MetricProps.builder()
                        .namespace("AWS/Events").metricName("FailedInvocations")
                        .dimensionsMap(Map.of("RuleName", w.reconcilerSchedule().getRuleName()))
                        .statistic("Sum").period(fiveMinutes).build()),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, 1,
                "EventBridge could not run the reconciler task (RunTask refused: permissions, capacity, image).");

        alarm(CORRECTION_RATE_HIGH, settings, notify,
                new Metric(software.amazon.awscdk.services.cloudwatch.MetricProps.builder()
                        .namespace(PipelineMetrics.NAMESPACE).metricName(PipelineMetrics.CORRECTION_RATE)
                        .statistic("Maximum").period(Duration.hours(1)).unit(software.amazon.awscdk.services.cloudwatch.Unit.PERCENT)
                        .build()),
                settings.correctionRateThresholdPercent(), ComparisonOperator.GREATER_THAN_THRESHOLD, 1, 1,
                "The last reconciliation corrected more than " + settings.correctionRateThresholdPercent()
                        + "% of the checkouts the stream had attributed: the stream is missing or misattributing events.");

        alarm(RAW_OBJECTS_SKIPPED, settings, notify,
                new Metric(software.amazon.awscdk.services.cloudwatch.MetricProps.builder()
                        .namespace(PipelineMetrics.NAMESPACE).metricName(PipelineMetrics.SKIPPED_RAW_OBJECTS)
                        .statistic("Maximum").period(Duration.hours(1)).build()),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, 1,
                "The last reconciliation could not read some raw objects (reconciliation_runs.skips): it withheld every "
                        + "correction that could be wrong without them (WithheldCorrections) until they are fixed.");

        IDatabaseInstance db = w.database();
        alarm(DATABASE_CPU_HIGH, settings, notify,
                db.metricCPUUtilization(MetricOptions.builder().statistic("Average").period(fiveMinutes).build()),
                80, ComparisonOperator.GREATER_THAN_THRESHOLD, 3, 3,
                "PostgreSQL CPU above 80% for 15 minutes: sink upserts or analyst queries are saturating the instance.");
        double tenPercentBytes = w.databaseStorageGiB() * 0.10 * 1024 * 1024 * 1024;
        alarm(DATABASE_STORAGE_LOW, settings, notify,
                db.metricFreeStorageSpace(MetricOptions.builder().statistic("Minimum").period(fiveMinutes).build()),
                tenPercentBytes, ComparisonOperator.LESS_THAN_THRESHOLD, 1, 1,
                "PostgreSQL free storage below 10% of the allocated size (storage autoscaling may be at its maximum).");

        alarm(ORCHESTRATOR_ERRORS, settings, notify,
                w.orchestrator().metricErrors(MetricOptions.builder().statistic("Sum").period(fiveMinutes).build()),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, 1,
                "The orchestrator Lambda failed: the streaming job may not have been started or stopped as asked.");
    }

    private void alarm(String id, PipelineSettings settings, SnsAction notify, IMetric metric, double threshold,
                       ComparisonOperator op, int periods, int datapoints, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(settings.name(id))
                .alarmDescription(description + " Runbook: docs/operations.md#" + id.toLowerCase())
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(op)
                .evaluationPeriods(periods)
                .datapointsToAlarm(datapoints)
                // no data = nothing flowing or nothing failing (a stopped pipeline is not an incident)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(notify);
        alarms.add(alarm);
        keyMetrics.put(id, metric);
    }

    private static Metric firehose(String name, String deliveryStream, String statistic, Duration period) {
        return new Metric(software.amazon.awscdk.services.cloudwatch.MetricProps.builder()
                .namespace("AWS/Firehose").metricName(name)
                .dimensionsMap(Map.of("DeliveryStreamName", deliveryStream))
                .statistic(statistic).period(period).build());
    }

    private static Metric triggered(Rule rule) {
        return new Metric(software.amazon.awscdk.services.cloudwatch.MetricProps.builder()
                .namespace("AWS/Events").metricName("TriggeredRules")
                .dimensionsMap(Map.of("RuleName", rule.getRuleName()))
                .statistic("Sum").period(Duration.minutes(5)).build());
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public List<Alarm> getAlarms() {
        return alarms;
    }

    public Map<String, IMetric> getMetrics() {
        return keyMetrics;
    }
}
