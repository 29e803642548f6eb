package com.clickstream.attribution.generator.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The shared delivery loop against a scripted in-memory target: retry rules, budget and waits. */
class BatchRetrierTest {

    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 5);

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final BatchRetrier retrier = new BatchRetrier(POLICY, sleeper, new Random(1));
    private final SinkCounters counters = new SinkCounters();

    @Test
    void reSendsOnlyTheRejectedEntriesInTheirOriginalOrder() {
        ScriptedTarget target = new ScriptedTarget((call, entries) -> {
            List<BatchTarget.EntryError> results = new ArrayList<>();
            for (String entry : entries) {
                boolean odd = Integer.parseInt(entry) % 2 == 1;
                results.add(call == 1 && odd ? throttled() : null);
            }
            return results;
        });

        retrier.send(records(10), target, counters);

        assertThat(target.calls).containsExactly(
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                List.of("1", "3", "5", "7", "9"));
        assertThat(target.accepted).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(counters.snapshot()).isEqualTo(new SinkStats(10, 5, 0, 2));
        assertThat(sleeper.waits).hasSize(1);
        assertThat(sleeper.waits.get(0)).isBetween(Duration.ZERO, POLICY.ceilingBeforeRetry(1));
    }

    @Test
    void givesUpAfterMaxAttemptsAndReportsWhatWasNotDelivered() {
        ScriptedTarget target = new ScriptedTarget((call, entries) -> {
            List<BatchTarget.EntryError> results = new ArrayList<>();
            for (String entry : entries) {
                results.add(entry.equals("3") ? throttled() : null); // "3" never gets through
            }
            return results;
        });

        assertThatThrownBy(() -> retrier.send(records(6), target, counters))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.undelivered()).isEqualTo(1))
                .hasMessageContaining("1 of 6 records not delivered (5 accepted)")
                .hasMessageContaining("after 5 attempts")
                .hasMessageContaining("ProvisionedThroughputExceededException");

        assertThat(target.calls).hasSize(5);
        assertThat(counters.snapshot()).isEqualTo(new SinkStats(5, 4, 1, 5));
        // One wait before each of the 4 retries, each within its growing ceiling.
        assertThat(sleeper.waits).hasSize(4);
        for (int retry = 1; retry <= 4; retry++) {
            assertThat(sleeper.waits.get(retry - 1)).isBetween(Duration.ZERO, POLICY.ceilingBeforeRetry(retry));
        }
    }

    @Test
    void retriesAThrottledWholeCallWithTheSameEntries() {
        ScriptedTarget target = new ScriptedTarget((call, entries) -> {
            if (call <= 2) {
                throw awsError("ProvisionedThroughputExceededException", 400);
            }
            return nulls(entries.size());
        });

        retrier.send(records(3), target, counters);

        assertThat(target.calls).containsExactly(List.of("0", "1", "2"), List.of("0", "1", "2"), List.of("0", "1", "2"));
        assertThat(counters.snapshot()).isEqualTo(new SinkStats(3, 6, 0, 3));
    }

    @Test
    void retriesIoErrorsAndServerErrors() {
        ScriptedTarget target = new ScriptedTarget((call, entries) -> {
            if (call == 1) {
                throw SdkClientException.create("connection reset", new java.net.SocketException("reset"));
            }
            if (call == 2) {
                throw awsError("InternalFailure", 500);
            }
            return nulls(entries.size());
        });

        retrier.send(records(2), target, counters);

        assertThat(target.calls).hasSize(3);
        assertThat(counters.snapshot().sent()).isEqualTo(2);
    }

    @Test
    void failsFastOnANonRetryableError() {
        ScriptedTarget target = new ScriptedTarget((call, entries) -> {
            throw awsError("ResourceNotFoundException", 400);
        });

        assertThatThrownBy(() -> retrier.send(records(4), target, counters))
                .isInstanceOfSatisfying(SinkException.class, e -> {
                    assertThat(e.undelivered()).isEqualTo(4);
                    assertThat(e.getCause()).isInstanceOf(AwsServiceException.class);
                })
                .hasMessageContaining("non-retryable error: ResourceNotFoundException");
        assertThat(target.calls).hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void anEntryRejectedWithANonRetryableCodeIsGivenUpWhileTheOthersAreRetried() {
        ScriptedTarget target = new ScriptedTarget((call, entries) -> {
            List<BatchTarget.EntryError> results = new ArrayList<>();
            for (String entry : entries) {
                if (entry.equals("0")) {
                    results.add(new BatchTarget.EntryError("KMSAccessDeniedException", "no key for you"));
                } else if (call == 1 && entry.equals("2")) {
                    results.add(throttled());
                } else {
                    results.add(null);
                }
            }
            return results;
        });

        assertThatThrownBy(() -> retrier.send(records(3), target, counters))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.undelivered()).isEqualTo(1))
                .hasMessageContaining("KMSAccessDeniedException");
        assertThat(target.calls).containsExactly(List.of("0", "1", "2"), List.of("2"));
        assertThat(target.accepted).containsExactly("1", "2");
    }

    @Test
    void aFailedChunkStopsTheSendAndCountsTheLaterChunksAsUndelivered() {
        ScriptedTarget target = new ScriptedTarget((call, entries) -> {
            throw awsError("AccessDeniedException", 400);
        });
        target.limits = new BatchLimits(2, 1_000_000, 1000);

        assertThatThrownBy(() -> retrier.send(records(5), target, counters))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.undelivered()).isEqualTo(5));
        assertThat(target.calls).hasSize(1);
        assertThat(counters.snapshot().failed()).isEqualTo(5);
    }

    @Test
    void aRecordThatCanNeverBeAcceptedRejectsTheBatchBeforeAnyCall() {
        ScriptedTarget target = new ScriptedTarget((call, entries) -> nulls(entries.size()));
        List<OutboundRecord> batch = new ArrayList<>(records(3));
        batch.add(new OutboundRecord("unknown", "k", "9".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> retrier.send(batch, target, counters))
                .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.undelivered()).isEqualTo(4))
                .hasMessageContaining("record #3")
                .hasMessageContaining("'unknown'");
        assertThat(target.calls).isEmpty();
    }

    @Test
    void anInterruptDuringTheBackoffStopsWithSinkExceptionAndKeepsTheInterruptFlag() {
        BatchRetrier interrupted = new BatchRetrier(POLICY, d -> {
            throw new InterruptedException();
        }, new Random(1));
        ScriptedTarget target = new ScriptedTarget((call, entries) -> List.of(throttled()));

        try {
            assertThatThrownBy(() -> interrupted.send(records(1), target, counters))
                    .isInstanceOf(SinkException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theSameSeedGivesTheSameWaits() {
        List<List<Duration>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            RecordingSleeper waits = new RecordingSleeper();
            BatchRetrier seeded = new BatchRetrier(POLICY, waits, new Random(99));
            ScriptedTarget target = new ScriptedTarget((call, entries) -> List.of(throttled()));
            assertThatThrownBy(() -> seeded.send(records(1), target, new SinkCounters())).isInstanceOf(SinkException.class);
            runs.add(waits.waits);
        }
        assertThat(runs.get(0)).hasSize(4).isEqualTo(runs.get(1));
    }

    private static List<OutboundRecord> records(int n) {
        List<OutboundRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new OutboundRecord("clicks", "user-" + i, Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    private static BatchTarget.EntryError throttled() {
        return new BatchTarget.EntryError("ProvisionedThroughputExceededException", "Rate exceeded for shard shardId-000000000000");
    }

    private static List<BatchTarget.EntryError> nulls(int n) {
        List<BatchTarget.EntryError> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(null);
        }
        return results;
    }

    static AwsServiceException awsError(String code, int status) {
        return AwsServiceException.builder()
                .statusCode(status)
                .message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " (test)").build())
                .build();
    }

    /** Entries are the payload strings; {@code script} answers call number n (1-based). */
    private static final class ScriptedTarget implements BatchTarget<String> {
        final List<List<String>> calls = new ArrayList<>();
        final List<String> accepted = new ArrayList<>();
        final BiFunction<Integer, List<String>, List<EntryError>> script;
        BatchLimits limits = BatchLimits.KINESIS_PUT_RECORDS;

        ScriptedTarget(BiFunction<Integer, List<String>, List<EntryError>> script) {
            this.script = script;
        }

        @Override
        public String service() {
            return "Test";
        }

        @Override
        public BatchLimits limits() {
            return limits;
        }

        @Override
        public String destination(String logicalStream) {
            return Map.of("clicks", "test-clicks").get(logicalStream);
        }

        @Override
        public String invalid(OutboundRecord record) {
            return null;
        }

        @Override
        public long size(OutboundRecord record) {
            return record.payload().length;
        }

        @Override
        public String entry(OutboundRecord record) {
            return TestRecords.payload(record);
        }

        @Override
        public List<EntryError> put(String destination, List<String> entries) {
            calls.add(List.copyOf(entries));
            List<EntryError> results = script.apply(calls.size(), entries);
            for (int i = 0; i < entries.size(); i++) {
                if (results.get(i) == null) {
                    accepted.add(entries.get(i));
                }
            }
            return results;
        }
    }
}
