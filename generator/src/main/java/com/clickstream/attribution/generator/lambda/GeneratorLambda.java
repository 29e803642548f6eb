package com.clickstream.attribution.generator.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.generator.run.Pump;
import com.clickstream.attribution.generator.run.RunSummary;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import com.clickstream.attribution.support.aws.AwsClients;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * AWS Lambda handler for the EventBridge schedule: each invocation sends one burst of traffic to the
 * two Kinesis streams and returns its summary.
 *
 * <p>The burst is derived from the scheduled time ({@code time} of the EventBridge event, else now,
 * to the minute): its seed is {@code SEED} mixed with that minute, and its event times span the
 * {@code BURST_SPAN} before it. A retried invocation for the same schedule therefore sends the same
 * events with the same ids, which the pipeline deduplicates.
 *
 * <p>Every failure fails the invocation (and counts in the Lambda's {@code Errors} metric): an event
 * whose {@code time} is not an ISO-8601 instant (someone invoking it by hand) throws
 * {@link IllegalArgumentException} and sends nothing; records Kinesis did not accept within the
 * retry budget throw the sink's {@code SinkException}. A returned summary means every record was sent.
 *
 * <p>Environment (defaults): {@code CLICKS_STREAM} (clicks), {@code CHECKOUTS_STREAM} (checkouts),
 * {@code BURST_EVENTS} (1000), {@code BURST_SPAN} (1m), {@code USERS} (2000), {@code SEED} (42),
 * {@code LATE_FRACTION} (0.02), {@code DUPLICATE_FRACTION} (0.01), {@code MALFORMED_FRACTION} (0.005),
 * {@code AWS_REGION}, {@code AWS_ENDPOINT_URL_KINESIS} / {@code AWS_ENDPOINT_URL} (override for tests).
 */
public final class GeneratorLambda implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Map<String, String> env;
    private KinesisClient client;

    public GeneratorLambda() {
        this(System.getenv());
    }

    public GeneratorLambda(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        // bad input throws before anything is sent: a failed invocation must count in the Lambda's Errors metric
        Instant scheduled = scheduledTime(event);
        GeneratorConfig config = burstConfig(scheduled);
        KinesisSink sink = new KinesisSink(client(), Map.of(
                EventType.CLICK.stream(), get("CLICKS_STREAM", "clicks"),
                EventType.CHECKOUT.stream(), get("CHECKOUTS_STREAM", "checkouts")));
        RunSummary summary = new Pump(sink, 500, 0, Duration.ofDays(1), s -> { })
                .run(new TrafficGenerator(config));
        if (context != null) {
            context.getLogger().log("generator burst " + scheduled + ": " + summary.render());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scheduledTime", scheduled.toString());
        result.put("seed", config.seed());
        result.put("records", summary.records());
        result.put("clicks", summary.count(RecordKind.CLICK));
        result.put("checkouts", summary.count(RecordKind.CHECKOUT));
        result.put("duplicates", summary.count(RecordKind.DUPLICATE));
        result.put("malformed", summary.count(RecordKind.MALFORMED));
        result.put("sent", summary.sink().sent());
        result.put("retried", summary.sink().retried());
        result.put("failed", summary.sink().failed());
        return result;
    }

    /** The burst an invocation scheduled at {@code scheduled} sends, from this environment. */
    public GeneratorConfig burstConfig(Instant scheduled) {
        Duration span = Durations.parse(get("BURST_SPAN", "1m"));
        long seed = Long.parseLong(get("SEED", "42")) * 1_000_003L + scheduled.getEpochSecond() / 60;
        long events = Long.parseLong(get("BURST_EVENTS", "1000"));
        return new GeneratorConfig(seed, Integer.parseInt(get("USERS", "2000")), scheduled.minus(span), span,
                // 1.5x the rate the span needs, capped at BURST_EVENTS: every burst has exactly that many records
                events, 1.5 * events / Math.max(1, span.toSeconds()),
                Double.parseDouble(get("DUPLICATE_FRACTION", "0.01")),
                Double.parseDouble(get("LATE_FRACTION", "0.02")),
                Duration.ofSeconds(Math.max(1, span.toSeconds() / 4)), span, 0.05, Duration.ofSeconds(5),
                Double.parseDouble(get("MALFORMED_FRACTION", "0.005")), 0.03, 0.2);
    }

    /** The event's {@code time} (else now), to the minute; a {@code time} that is not an instant is refused. */
    static Instant scheduledTime(Map<String, Object> event) {
        Object time = event == null ? null : event.get("time");
        Instant at;
        try {
            at = time == null ? Instant.now() : Instant.parse(time.toString().trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'time' must be an ISO-8601 instant such as 2026-11-25T12:00:00Z, was '"
                    + time + "'", e);
        }
        return at.truncatedTo(ChronoUnit.MINUTES);
    }

    private synchronized KinesisClient client() {
        if (client == null) {
            client = AwsClients.kinesis(AwsClients.endpoint(null, "KINESIS", env), Region.of(get("AWS_REGION", "us-east-1")));
        }
        return client;
    }

    private String get(String name, String defaultValue) {
        String value = env.get(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
