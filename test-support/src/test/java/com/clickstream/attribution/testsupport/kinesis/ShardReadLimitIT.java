package com.clickstream.attribution.testsupport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The read limits of the shard-limited front over a real kinesalite, seen through AWS SDK v2. */
class ShardReadLimitIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void aBurstOfReadsOnOneShardIsThrottledWithTheSdksTypedExceptionAndTheIteratorStaysUsable() throws Exception {
        try (KinesisServerExtension kinesis = KinesisServerExtension.kinesalite()
                .withShardReadLimits(new ShardReadLimits(2, 2L * 1024 * 1024, 0, 0)).start();
             KinesisClient limited = noRetryClient(kinesis)) {
            kinesis.createStream("burst", 1);
            put(kinesis, "burst", 20, 50);
            String iterator = limited.getShardIterator(b -> b.streamName("burst").shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();

            List<ProvisionedThroughputExceededException> throttled = new ArrayList<>();
            int admitted = 0;
            for (int i = 0; i < 10; i++) { // 2 calls/s: ten calls in a row cannot all fit
                try {
                    limited.getRecords(b -> b.shardIterator(iterator));
                    admitted++;
                } catch (ProvisionedThroughputExceededException e) {
                    throttled.add(e);
                }
            }

            assertThat(throttled).isNotEmpty().allSatisfy(e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Rate exceeded for Shard - 000000000000/burst/shardId-000000000000.");
            });
            assertThat(kinesis.throttledReads()).isEqualTo(throttled.size());
            assertThat(kinesis.getRecordsCalls()).isEqualTo(throttled.size() + admitted);
            assertThat(kinesis.throttledReadsByClient()).containsOnlyKeys("aws-sdk-java/2");
            assertThat(kinesis.throttledReadsByCause()).isEqualTo(java.util.Map.of("call_rate", (long) throttled.size()));
            // A throttled call never reached the server: the same iterator still reads everything.
            assertThat(readWithRetries(limited, iterator)).hasSize(20);
        }
    }

    @Test
    void aLargeAnswerThrottlesTheShardUntilItsBytesArePaidOff() throws Exception {
        try (KinesisServerExtension kinesis = KinesisServerExtension.kinesalite()
                .withShardReadLimits(new ShardReadLimits(100, 256 * 1024, 0, 0)).start();
             KinesisClient limited = noRetryClient(kinesis)) {
            kinesis.createStream("big", 1);
            put(kinesis, "big", 10, 100_000); // 1 MB in the shard: four seconds' worth at 256 KiB/s
            String iterator = limited.getShardIterator(b -> b.streamName("big").shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();

            GetRecordsResponse first = limited.getRecords(b -> b.shardIterator(iterator));
            assertThat(first.records()).hasSize(10); // admitted while the shard was not in debt
            String next = first.nextShardIterator();
            long before = kinesis.throttledReads();
            boolean throttled = false;
            try {
                limited.getRecords(b -> b.shardIterator(next));
            } catch (ProvisionedThroughputExceededException e) {
                throttled = true;
            }

            assertThat(throttled).as("the call right after a 1 MB answer, with 256 KiB/s").isTrue();
            assertThat(kinesis.throttledReads()).isEqualTo(before + 1);
            assertThat(kinesis.throttledReadsByCause()).containsEntry("byte_rate", 1L);
            assertThat(readWithRetries(limited, next)).as("admitted again once the debt is paid").isEmpty();
        }
    }

    @Test
    void aConsumerThatRetriesReadsEveryRecordExactlyOnceUnderForcedThrottling() throws Exception {
        long seed = 20261125;
        try (KinesisServerExtension kinesis = KinesisServerExtension.kinesalite()
                .withShardReadLimits(ShardReadLimits.AWS.withForcedThrottling(0.5, seed)).start();
             KinesisClient limited = noRetryClient(kinesis)) {
            kinesis.createStream("forced", 2);
            List<String> sent = put(kinesis, "forced", 2_000, 40);

            List<String> read = new ArrayList<>();
            List<Shard> shards = new ArrayList<>(limited.listShards(b -> b.streamName("forced")).shards());
            shards.sort(Comparator.comparing(Shard::shardId));
            for (Shard shard : shards) {
                String iterator = limited.getShardIterator(b -> b.streamName("forced").shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                readWithRetries(limited, iterator).forEach(r -> read.add(r.data().asUtf8String()));
            }
            System.out.printf("forced throttling 0.5 (seed %d): %d of %d GetRecords calls throttled%n", seed,
                    kinesis.throttledReads(), kinesis.getRecordsCalls());

            assertThat(kinesis.throttledReads()).isPositive();
            assertThat(kinesis.throttledReadsByCause()).containsKey("forced");
            assertThat(read).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void anIteratorObtainedFromTheServerDirectlyIsNotLimited() throws Exception {
        try (KinesisServerExtension kinesis = KinesisServerExtension.kinesalite()
                .withShardReadLimits(ShardReadLimits.AWS.withForcedThrottling(1, 1)).start();
             KinesisClient limited = noRetryClient(kinesis)) {
            kinesis.createStream("direct", 1);
            put(kinesis, "direct", 5, 10);
            String iterator = kinesis.client().getShardIterator(b -> b.streamName("direct")
                    .shardId("shardId-000000000000").shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();

            assertThat(limited.getRecords(b -> b.shardIterator(iterator)).records()).hasSize(5);
            assertThat(kinesis.getRecordsCalls()).isZero();
            assertThat(kinesis.throttledReads()).isZero();
        }
    }

    /** Reads from {@code iterator} to the tip, 100 records a call, retrying throttled calls with a short backoff. */
    private static List<Record> readWithRetries(KinesisClient client, String iterator) throws InterruptedException {
        List<Record> records = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String current = iterator;
        while (current != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still reading after " + DEADLINE + ": " + records.size() + " records so far");
            }
            String call = current;
            GetRecordsResponse response;
            try {
                response = client.getRecords(b -> b.shardIterator(call).limit(100));
            } catch (ProvisionedThroughputExceededException e) {
                Thread.sleep(50);
                continue;
            }
            records.addAll(response.records());
            if (response.records().isEmpty() && Long.valueOf(0).equals(response.millisBehindLatest())) {
                break;
            }
            current = response.nextShardIterator();
        }
        return records;
    }

    /** Puts {@code n} records of about {@code bytes} bytes through the unlimited endpoint; returns their payloads. */
    private static List<String> put(KinesisServerExtension kinesis, String stream, int n, int bytes) {
        List<String> payloads = IntStream.range(0, n)
                .mapToObj(i -> String.format("%06d-", i) + "x".repeat(Math.max(0, bytes - 7))).toList();
        for (int from = 0; from < n; from += 500) {
            List<PutRecordsRequestEntry> entries = payloads.subList(from, Math.min(n, from + 500)).stream()
                    .map(p -> PutRecordsRequestEntry.builder().partitionKey("user-" + p.hashCode())
                            .data(SdkBytes.fromUtf8String(p)).build())
                    .toList();
            assertThat(kinesis.client().putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount())
                    .isZero();
        }
        return payloads;
    }

    /** A client of the limited front without SDK retries, so every throttle reaches the test. */
    private static KinesisClient noRetryClient(KinesisServerExtension kinesis) {
        return KinesisClient.builder()
                .endpointOverride(kinesis.shardLimitedEndpoint())
                .region(KinesisServerExtension.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }
}
