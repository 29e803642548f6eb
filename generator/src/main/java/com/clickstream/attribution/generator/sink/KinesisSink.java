package com.clickstream.attribution.generator.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Sends records to Kinesis Data Streams with PutRecords (AWS SDK v2), partition key = the record's
 * {@link OutboundRecord#partitionKey() partitionKey} (the user id).
 *
 * <p><b>Batching:</b> at most 500 records and 5 MiB (data + partition keys) per call; a record over
 * 1 MiB or with a partition key outside 1..256 characters rejects the batch before anything is
 * sent. <b>Retries:</b> only the entries a call rejected (per-entry ErrorCode
 * ProvisionedThroughputExceededException or InternalFailure) are re-sent, and whole calls that
 * failed with throttling, 5xx or I/O errors are repeated, with exponential backoff and full jitter
 * ({@link RetryPolicy}); other errors (missing stream, access denied, ...) fail at once. See
 * {@link BatchRetrier} for the exact rules and counters.
 *
 * <p><b>Exactly once, as far as a producer can:</b> an entry Kinesis rejected was not stored, so
 * re-sending it cannot duplicate, and nothing is dropped silently: when the retry budget runs out
 * {@link #send} throws {@link SinkException} with the number of records not accepted. The one
 * ambiguity Kinesis itself leaves is a call that fails on the network after the service stored it
 * (e.g. a read timeout); it is retried like any I/O error, which may store those records twice.
 * Consumers deduplicate by {@code event_id} (DESIGN section 6).
 *
 * <p><b>Order per partition key:</b> Kinesis keeps one shard's records in the order it accepted
 * them. This sink sends each stream's records in input order, finishes a chunk (all retries
 * included) before sending the next, and re-sends rejected entries in their original order; so a
 * user's records keep their order across chunks and across {@code send} calls. Within one chunk a
 * throttled entry is re-sent after the entries of the same call that were accepted, so a partial
 * failure can move a user's record behind that user's later records of the same chunk (at most
 * 500 records apart). The consumers do not depend on arrival order: attribution orders by
 * {@code (event_ts, event_id)}.
 *
 * <p>Thread-safe if the client is (SDK clients are). The sink does not close the client: whoever
 * built it does.
 */
public final class KinesisSink extends BatchPutSink<PutRecordsRequestEntry> {

    private static final int MAX_PARTITION_KEY_CHARS = 256;

    private final KinesisClient client;
    private final Target target = new Target();

    /**
     * @param client      a Kinesis client, e.g. from {@link AwsClients#kinesis}
     * @param streamNames logical stream ({@code clicks}, {@code checkouts}) to Kinesis stream name
     *                    or stream ARN (values starting with {@code arn:} are sent as StreamARN)
     */
    public KinesisSink(KinesisClient client, Map<String, String> streamNames) {
        this(client, streamNames, BatchRetrier.withDefaults());
    }

    public KinesisSink(KinesisClient client, Map<String, String> streamNames, BatchRetrier retrier) {
        super(streamNames, retrier);
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    BatchTarget<PutRecordsRequestEntry> target() {
        return target;
    }

    private final class Target implements BatchTarget<PutRecordsRequestEntry> {

        @Override
        public String service() {
            return "Kinesis";
        }

        @Override
        public BatchLimits limits() {
            return BatchLimits.KINESIS_PUT_RECORDS;
        }

        @Override
        public String destination(String logicalStream) {
            return KinesisSink.this.destination(logicalStream);
        }

        @Override
        public String invalid(OutboundRecord record) {
            int length = record.partitionKey().codePointCount(0, record.partitionKey().length());
            return length < 1 || length > MAX_PARTITION_KEY_CHARS
                    ? "partition key of " + length + " characters (Kinesis allows 1 to " + MAX_PARTITION_KEY_CHARS + ")"
                    : null;
        }

        @Override
        public long size(OutboundRecord record) {
            return record.payload().length + (long) record.partitionKey().getBytes(StandardCharsets.UTF_8).length;
        }

        @Override
        public PutRecordsRequestEntry entry(OutboundRecord record) {
            // Unsafe = no copy; the SDK only reads the array during the call.
            return PutRecordsRequestEntry.builder()
                    .partitionKey(record.partitionKey())
                    .data(SdkBytes.fromByteArrayUnsafe(record.payload()))
                    .build();
        }

        @Override
        public List<EntryError> put(String destination, List<PutRecordsRequestEntry> entries) {
            PutRecordsRequest.Builder request = PutRecordsRequest.builder().records(entries);
            if (destination.startsWith("arn:")) {
                request.streamARN(destination);
            } else {
                request.streamName(destination);
            }
            PutRecordsResponse response = client.putRecords(request.build());
            List<EntryError> results = new ArrayList<>(response.records().size());
            for (PutRecordsResultEntry result : response.records()) {
                results.add(result.errorCode() == null ? null : new EntryError(result.errorCode(), result.errorMessage()));
            }
            return results;
        }
    }
}
