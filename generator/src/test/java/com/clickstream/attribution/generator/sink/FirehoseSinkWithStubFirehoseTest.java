package com.clickstream.attribution.generator.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

/**
 * FirehoseSink against a <b>stub</b> FirehoseClient implemented in this test, because no Firehose
 * emulator runs here (none on npm or Maven Central, LocalStack needs Docker; see NOTES). The stub
 * answers like PutRecordBatch: per-entry {@code ServiceUnavailableException} error codes with
 * FailedPutCount for a deterministic subset of entries during its first N calls, and stores only
 * what it accepted, so exactly-once delivery, batching limits and retry counts can be asserted.
 */
class FirehoseSinkWithStubFirehoseTest {

    private static final Map<String, String> STREAMS = Map.of("clicks", "raw-clicks", "checkouts", "raw-checkouts");

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final BatchRetrier retrier = new BatchRetrier(RetryPolicy.DEFAULT, sleeper, new Random(11));

    @Test
    void deliversEveryRecordExactlyOnceAsOneJsonLineDespitePartialFailures() {
        StubFirehose firehose = new StubFirehose(3);
        FirehoseSink sink = new FirehoseSink(firehose, STREAMS, retrier);
        List<OutboundRecord> sent = new ArrayList<>(TestRecords.events("clicks", 1_700, 40));
        sent.addAll(TestRecords.events("checkouts", 450, 40));

        sink.send(sent.subList(0, 1_000));
        sink.send(sent.subList(1_000, sent.size()));

        List<String> expectedClicks = sent.stream().filter(r -> r.stream().equals("clicks"))
                .map(r -> TestRecords.payload(r) + "\n").toList();
        List<String> expectedCheckouts = sent.stream().filter(r -> r.stream().equals("checkouts"))
                .map(r -> TestRecords.payload(r) + "\n").toList();
        assertThat(firehose.stored("raw-clicks")).containsExactlyInAnyOrderElementsOf(expectedClicks);
        assertThat(firehose.stored("raw-checkouts")).containsExactlyInAnyOrderElementsOf(expectedCheckouts);
        assertThat(firehose.failedEntries).isPositive();
        assertThat(sink.stats()).isEqualTo(new SinkStats(sent.size(), firehose.failedEntries, 0, firehose.requests.size()));
        assertThat(sleeper.waits).hasSize(3); // one backoff per partially failed call
    }

    @Test
    void keepsEveryCallWithinFiveHundredRecordsAndFourMebibytes() {
        StubFirehose firehose = new StubFirehose(2);
        FirehoseSink sink = new FirehoseSink(firehose, STREAMS, retrier);
        List<OutboundRecord> batch = new ArrayList<>(TestRecords.events("clicks", 1_234, 10));
        for (int i = 0; i < 300; i++) {
            batch.add(TestRecords.ofSize("checkouts", "user-" + i, 30_000 + i)); // ~9 MB: the byte limit binds
        }
        batch.add(TestRecords.ofSize("checkouts", "user-big", 1_000 * 1024 - 1)); // + newline = exactly 1,000 KiB

        sink.send(batch);

        for (PutRecordBatchRequest request : firehose.requests) {
            assertThat(request.records()).hasSizeLessThanOrEqualTo(500);
            long bytes = request.records().stream().mapToLong(r -> r.data().asByteArrayUnsafe().length).sum();
            assertThat(bytes).isLessThanOrEqualTo(4L * 1024 * 1024);
            request.records().forEach(r -> assertThat(r.data().asByteArrayUnsafe().length).isLessThanOrEqualTo(1_024_000));
        }
        assertThat(firehose.requests.stream().mapToInt(r -> r.records().size()).max().orElseThrow()).isEqualTo(500);
        assertThat(firehose.stored("raw-clicks")).hasSize(1_234);
        assertThat(firehose.stored("raw-checkouts")).hasSize(301);
        assertThat(sink.stats().sent()).isEqualTo(batch.size());
    }

    @Test
    void aRecordOverOneThousandKibibytesWithItsNewlineRejectsTheBatchBeforeAnyCall() {
        StubFirehose firehose = new StubFirehose(0);
        FirehoseSink sink = new FirehoseSink(firehose, STREAMS, retrier);

        assertThatThrownBy(() -> sink.send(List.of(TestRecords.ofSize("clicks", "u", 1_000 * 1024))))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.undelivered()).isEqualTo(1))
                .hasMessageContaining("1024001 bytes exceeds the Firehose limit of 1024000");
        assertThat(firehose.requests).isEmpty();
    }

    @Test
    void throwsSinkExceptionWithTheUndeliveredCountWhenFirehoseAlwaysFails() {
        StubFirehose firehose = new StubFirehose(Integer.MAX_VALUE);
        firehose.failEverything = true;
        BatchRetrier fourAttempts = new BatchRetrier(new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(1), 4),
                sleeper, new Random(5));
        FirehoseSink sink = new FirehoseSink(firehose, STREAMS, fourAttempts);

        assertThatThrownBy(() -> sink.send(TestRecords.events("clicks", 700, 10)))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.undelivered()).isEqualTo(700))
                .hasMessageContaining("700 of 700 records not delivered (0 accepted) to 'raw-clicks'")
                .hasMessageContaining("after 4 attempts")
                .hasMessageContaining("ServiceUnavailableException");

        // The first chunk (500) is tried 4 times, then the send stops: the second chunk is never sent.
        assertThat(firehose.requests).hasSize(4).allSatisfy(r -> assertThat(r.records()).hasSize(500));
        assertThat(firehose.stored("raw-clicks")).isEmpty();
        assertThat(sink.stats()).isEqualTo(new SinkStats(0, 1_500, 700, 4));
    }

    @Test
    void retriesAWholeCallThrottledWithServiceUnavailable() {
        StubFirehose firehose = new StubFirehose(0);
        firehose.wholeCallFailures = 2;
        FirehoseSink sink = new FirehoseSink(firehose, STREAMS, retrier);

        sink.send(TestRecords.events("clicks", 10, 3));

        assertThat(firehose.requests).hasSize(3);
        assertThat(firehose.stored("raw-clicks")).hasSize(10);
        assertThat(sink.stats()).isEqualTo(new SinkStats(10, 20, 0, 3));
    }

    @Test
    void failsFastWhenTheDeliveryStreamDoesNotExist() {
        StubFirehose firehose = new StubFirehose(0);
        firehose.missing = true;
        FirehoseSink sink = new FirehoseSink(firehose, STREAMS, retrier);

        assertThatThrownBy(() -> sink.send(TestRecords.events("checkouts", 5, 3)))
                .isInstanceOf(SinkException.class)
                .hasMessageContaining("ResourceNotFoundException");
        assertThat(firehose.requests).hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    /**
     * In-process FirehoseClient (the stub). During its first {@code partialFailureCalls} calls it
     * rejects every entry whose bytes hash to 0 mod 3 with ServiceUnavailableException.
     */
    static final class StubFirehose implements FirehoseClient {
        final List<PutRecordBatchRequest> requests = new ArrayList<>();
        final Map<String, List<String>> storedByStream = new java.util.HashMap<>();
        final int partialFailureCalls;
        long failedEntries;
        boolean failEverything;
        boolean missing;
        int wholeCallFailures;

        StubFirehose(int partialFailureCalls) {
            this.partialFailureCalls = partialFailureCalls;
        }

        List<String> stored(String deliveryStream) {
            return storedByStream.getOrDefault(deliveryStream, List.of());
        }

        @Override
        public PutRecordBatchResponse putRecordBatch(PutRecordBatchRequest request) {
            requests.add(request);
            if (missing) {
                throw ResourceNotFoundException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
                                .errorMessage("Firehose " + request.deliveryStreamName() + " not found.").build())
                        .build();
            }
            if (wholeCallFailures > 0) {
                wholeCallFailures--;
                throw ServiceUnavailableException.builder().statusCode(503)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailableException")
                                .errorMessage("Slow down.").build())
                        .build();
            }
            boolean failSome = requests.size() <= partialFailureCalls;
            List<PutRecordBatchResponseEntry> results = new ArrayList<>();
            int failed = 0;
            for (Record record : request.records()) {
                byte[] data = record.data().asByteArrayUnsafe();
                if (failEverything || (failSome && Math.floorMod(Arrays.hashCode(data), 3) == 0)) {
                    failed++;
                    results.add(PutRecordBatchResponseEntry.builder()
                            .errorCode("ServiceUnavailableException").errorMessage("Slow down.").build());
                } else {
                    storedByStream.computeIfAbsent(request.deliveryStreamName(), k -> new ArrayList<>())
                            .add(new String(data, StandardCharsets.UTF_8));
                    results.add(PutRecordBatchResponseEntry.builder().recordId("rid-" + results.size()).build());
                }
            }
            failedEntries += failed;
            return PutRecordBatchResponse.builder().failedPutCount(failed).encrypted(false).requestResponses(results).build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
