package com.clickstream.attribution.generator.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;

/** The EventBridge-scheduled handler against a real Kinesis API (kinesalite on loopback). */
class GeneratorLambdaIT {

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @BeforeAll
    static void streams() {
        KINESIS.createStream("burst-clicks", 2);
        KINESIS.createStream("burst-checkouts", 1);
    }

    @Test
    void oneInvocationSendsOneBurstAndARetryOfTheSameScheduleSendsTheSameRecords() {
        GeneratorLambda handler = new GeneratorLambda(Map.of(
                "CLICKS_STREAM", "burst-clicks",
                "CHECKOUTS_STREAM", "burst-checkouts",
                "BURST_EVENTS", "800",
                "AWS_ENDPOINT_URL_KINESIS", KINESIS.endpoint().toString()));
        Map<String, Object> scheduled = Map.of("time", "2026-11-25T12:00:27Z", "detail-type", "Scheduled Event");

        Map<String, Object> first = handler.handleRequest(scheduled, null);
        List<String> afterFirst = payloads();
        Map<String, Object> retry = handler.handleRequest(scheduled, null);
        List<String> afterRetry = payloads();

        assertThat(first.get("records")).isEqualTo(800L);
        assertThat(first.get("sent")).isEqualTo(800L);
        assertThat(first.get("failed")).isEqualTo(0L);
        assertThat(first.get("scheduledTime")).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(afterFirst).hasSize(800);
        assertThat(retry).isEqualTo(first);
        // the retry re-sends exactly the same records: every payload now appears twice
        assertThat(afterRetry).hasSize(1_600);
        assertThat(afterRetry.stream().distinct().count()).isEqualTo(afterFirst.stream().distinct().count());
    }

    @Test
    void aBurstKinesisDoesNotTakeFailsTheInvocation() {
        GeneratorLambda handler = new GeneratorLambda(Map.of(
                "CLICKS_STREAM", "no-such-stream",
                "CHECKOUTS_STREAM", "burst-checkouts",
                "BURST_EVENTS", "20",
                "AWS_ENDPOINT_URL_KINESIS", KINESIS.endpoint().toString()));

        // thrown, not a summary with an error in it: the Lambda's Errors metric must count it
        assertThatThrownBy(() -> handler.handleRequest(Map.of("time", "2026-11-25T12:05:00Z"), null))
                .hasMessageContaining("no-such-stream");
    }

    @Test
    void differentScheduledMinutesGiveDifferentEventIds() {
        GeneratorLambda handler = new GeneratorLambda(Map.of("BURST_EVENTS", "10"));
        long a = handler.burstConfig(GeneratorLambda.scheduledTime(Map.of("time", "2026-11-25T12:00:00Z"))).seed();
        long b = handler.burstConfig(GeneratorLambda.scheduledTime(Map.of("time", "2026-11-25T12:01:00Z"))).seed();
        assertThat(a).isNotEqualTo(b);
    }

    private static List<String> payloads() {
        return java.util.stream.Stream.concat(KINESIS.readAll("burst-clicks").stream(),
                        KINESIS.readAll("burst-checkouts").stream())
                .map(Record::data).map(d -> d.asString(StandardCharsets.UTF_8)).toList();
    }
}
