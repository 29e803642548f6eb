package com.clickstream.attribution.generator.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** KinesisSink's mapping to PutRecords, against an in-process KinesisClient (no server). */
class KinesisSinkTest {

    private static final Map<String, String> STREAMS = Map.of("clicks", "prod-clicks", "checkouts", "prod-checkouts");

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final BatchRetrier retrier = new BatchRetrier(RetryPolicy.DEFAULT, sleeper, new Random(3));

    @Test
    void mapsLogicalStreamsAndUsesThePartitionKey() {
        StubKinesis kinesis = new StubKinesis(request -> accepted(request.records().size()));
        List<OutboundRecord> batch = new ArrayList<>(TestRecords.events("clicks", 3, 2));
        batch.addAll(TestRecords.events("checkouts", 2, 2));

        new KinesisSink(kinesis, STREAMS, retrier).send(batch);

        assertThat(kinesis.requests).extracting(PutRecordsRequest::streamName).containsExactly("prod-clicks", "prod-checkouts");
        assertThat(kinesis.requests.get(0).records()).extracting(e -> e.partitionKey())
                .containsExactly("user-0", "user-1", "user-0");
        assertThat(kinesis.requests.get(1).records()).extracting(e -> e.data().asUtf8String())
                .containsExactly(TestRecords.payload(batch.get(3)), TestRecords.payload(batch.get(4)));
    }

    @Test
    void aStreamArnIsSentAsStreamArn() {
        StubKinesis kinesis = new StubKinesis(request -> accepted(request.records().size()));
        String arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks";

        new KinesisSink(kinesis, Map.of("clicks", arn), retrier).send(TestRecords.events("clicks", 1, 1));

        assertThat(kinesis.requests.get(0).streamARN()).isEqualTo(arn);
        assertThat(kinesis.requests.get(0).streamName()).isNull();
    }

    @Test
    void reSendsOnlyTheEntriesKinesisRejected() {
        StubKinesis kinesis = new StubKinesis(request -> {
            List<PutRecordsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (var entry : request.records()) {
                boolean reject = entry.partitionKey().equals("user-1") && failedBefore(entry);
                if (reject) {
                    failed++;
                    results.add(PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("Rate exceeded for shard shardId-000000000001").build());
                } else {
                    results.add(PutRecordsResultEntry.builder().shardId("shardId-000000000000").sequenceNumber("1").build());
                }
            }
            return PutRecordsResponse.builder().failedRecordCount(failed).records(results).build();
        });
        KinesisSink sink = new KinesisSink(kinesis, STREAMS, retrier);

        sink.send(TestRecords.events("clicks", 6, 3)); // users 0,1,2,0,1,2

        assertThat(kinesis.requests).hasSize(2);
        assertThat(kinesis.requests.get(1).records()).extracting(e -> TestRecords.seq(e.data().asUtf8String()))
                .containsExactly(1, 4);
        assertThat(kinesis.stored).hasSize(6).doesNotHaveDuplicates();
        assertThat(sink.stats()).isEqualTo(new SinkStats(6, 2, 0, 2));
    }

    @Test
    void splitsAtFiveHundredRecordsAndFiveMebibytesPerCall() {
        StubKinesis kinesis = new StubKinesis(request -> accepted(request.records().size()));
        List<OutboundRecord> batch = new ArrayList<>(TestRecords.events("clicks", 1_100, 10));
        for (int i = 0; i < 12; i++) {
            batch.add(TestRecords.ofSize("checkouts", "user-" + i, 900_000)); // 5 fit in 5 MiB, 6 do not
        }

        KinesisSink sink = new KinesisSink(kinesis, STREAMS, retrier);
        sink.send(batch);

        assertThat(kinesis.requests).extracting(r -> r.records().size()).containsExactly(500, 500, 100, 5, 5, 2);
        for (PutRecordsRequest request : kinesis.requests) {
            long bytes = request.records().stream()
                    .mapToLong(e -> e.data().asByteArrayUnsafe().length + e.partitionKey().length()).sum();
            assertThat(bytes).isLessThanOrEqualTo(5L * 1024 * 1024);
        }
        assertThat(sink.stats().calls()).isEqualTo(6);
    }

    @Test
    void anOversizedRecordOrBadPartitionKeyRejectsTheBatchBeforeAnyCall() {
        StubKinesis kinesis = new StubKinesis(request -> accepted(request.records().size()));
        KinesisSink sink = new KinesisSink(kinesis, STREAMS, retrier);

        List<OutboundRecord> tooBig = List.of(TestRecords.ofSize("clicks", "u", 1024 * 1024)); // + 1 key byte
        assertThatThrownBy(() -> sink.send(tooBig))
                .isInstanceOf(SinkException.class)
                .hasMessageContaining("1048577 bytes exceeds the Kinesis limit of 1048576");

        List<OutboundRecord> emptyKey = List.of(new OutboundRecord("clicks", "", new byte[] {'{', '}'}));
        assertThatThrownBy(() -> sink.send(emptyKey)).hasMessageContaining("partition key of 0 characters");

        List<OutboundRecord> longKey = List.of(new OutboundRecord("clicks", "k".repeat(257), new byte[] {'{', '}'}));
        assertThatThrownBy(() -> sink.send(longKey)).hasMessageContaining("partition key of 257 characters");

        assertThat(kinesis.requests).isEmpty();
        assertThat(sink.stats().failed()).isEqualTo(3);
    }

    @Test
    void aMissingStreamFailsAtOnce() {
        StubKinesis kinesis = new StubKinesis(request -> {
            throw software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException.builder()
                    .message("Stream prod-clicks under account 123456789012 not found.")
                    .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                            .errorCode("ResourceNotFoundException")
                            .errorMessage("Stream prod-clicks under account 123456789012 not found.").build())
                    .statusCode(400).build();
        });
        KinesisSink sink = new KinesisSink(kinesis, STREAMS, retrier);

        assertThatThrownBy(() -> sink.send(TestRecords.events("clicks", 10, 2)))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.undelivered()).isEqualTo(10))
                .hasMessageContaining("'prod-clicks'")
                .hasMessageContaining("ResourceNotFoundException");
        assertThat(kinesis.requests).hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void defaultPolicyWaitsBetweenRetriesWithinTheCeilings() {
        StubKinesis kinesis = new StubKinesis(request -> {
            throw BatchRetrierTest.awsError("ProvisionedThroughputExceededException", 400);
        });
        KinesisSink sink = new KinesisSink(kinesis, STREAMS, retrier);

        assertThatThrownBy(() -> sink.send(TestRecords.events("clicks", 1, 1))).isInstanceOf(SinkException.class);

        assertThat(kinesis.requests).hasSize(10);
        assertThat(sleeper.waits).hasSize(9);
        assertThat(sleeper.waits.stream().reduce(Duration.ZERO, Duration::plus))
                .isLessThanOrEqualTo(RetryPolicy.DEFAULT.worstCaseTotalWait());
        assertThat(sink.stats()).isEqualTo(new SinkStats(0, 9, 1, 10));
    }

    /** Rejects user-1's records the first time each is seen. */
    private final java.util.Set<String> seen = new java.util.HashSet<>();

    private boolean failedBefore(software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry entry) {
        return seen.add(entry.data().asUtf8String());
    }

    private static PutRecordsResponse accepted(int n) {
        List<PutRecordsResultEntry> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(PutRecordsResultEntry.builder().shardId("shardId-000000000000").sequenceNumber(Integer.toString(i)).build());
        }
        return PutRecordsResponse.builder().failedRecordCount(0).records(results).build();
    }

    /** In-process KinesisClient: records every PutRecords request and stores the accepted entries. */
    static final class StubKinesis implements KinesisClient {
        final List<PutRecordsRequest> requests = new ArrayList<>();
        final List<String> stored = new ArrayList<>();
        private final Function<PutRecordsRequest, PutRecordsResponse> behaviour;

        StubKinesis(Function<PutRecordsRequest, PutRecordsResponse> behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            requests.add(request);
            PutRecordsResponse response = behaviour.apply(request);
            for (int i = 0; i < request.records().size(); i++) {
                if (response.records().get(i).errorCode() == null) {
                    stored.add(request.records().get(i).data().asUtf8String());
                }
            }
            return response;
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
