package com.clickstream.attribution.generator.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Sends records to Amazon Data Firehose delivery streams with PutRecordBatch (direct put: offline
 * or late uploads, DESIGN section 2), one JSON object per line: each payload goes out with
 * {@code '\n'} appended, because Firehose concatenates records into S3 objects and both its
 * JSON-to-Parquet conversion and Athena read newline-delimited JSON.
 *
 * <p><b>Batching:</b> at most 500 records and 4 MiB per call, 1,000 KiB per record (the newline
 * included); a bigger record rejects the batch before anything is sent. <b>Retries:</b> same
 * contract as {@link KinesisSink} through the shared {@link BatchRetrier}: when FailedPutCount is
 * non-zero only the entries with an ErrorCode of ServiceUnavailableException or InternalFailure are
 * re-sent, with exponential backoff and full jitter; retryable whole-call errors are repeated;
 * other errors fail fast; if the budget runs out {@link #send} throws {@link SinkException} with
 * the undelivered count. Firehose gives no ordering guarantee at all, so none is claimed here.
 *
 * <p>The sink does not close the client: whoever built it does.
 */
public final class FirehoseSink extends BatchPutSink<Record> {

    private static final byte NEWLINE = '\n';

    private final FirehoseClient client;
    private final Target target = new Target();

    /**
     * @param client          a Firehose client, e.g. from {@link AwsClients#firehose}
     * @param deliveryStreams logical stream ({@code clicks}, {@code checkouts}) to delivery stream name
     */
    public FirehoseSink(FirehoseClient client, Map<String, String> deliveryStreams) {
        this(client, deliveryStreams, BatchRetrier.withDefaults());
    }

    public FirehoseSink(FirehoseClient client, Map<String, String> deliveryStreams, BatchRetrier retrier) {
        super(deliveryStreams, retrier);
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    BatchTarget<Record> target() {
        return target;
    }

    /** The bytes Firehose receives for one record: the payload and a newline. */
    static byte[] line(byte[] payload) {
        byte[] line = new byte[payload.length + 1];
        System.arraycopy(payload, 0, line, 0, payload.length);
        line[payload.length] = NEWLINE;
        return line;
    }

    private final class Target implements BatchTarget<Record> {

        @Override
        public String service() {
            return "Firehose";
        }

        @Override
        public BatchLimits limits() {
            return BatchLimits.FIREHOSE_PUT_RECORD_BATCH;
        }

        @Override
        public String destination(String logicalStream) {
            return FirehoseSink.this.destination(logicalStream);
        }

        @Override
        public String invalid(OutboundRecord record) {
            return null;
        }

        @Override
        public long size(OutboundRecord record) {
            return record.payload().length + 1L;
        }

        @Override
        public Record entry(OutboundRecord record) {
            return Record.builder().data(SdkBytes.fromByteArrayUnsafe(line(record.payload()))).build();
        }

        @Override
        public List<EntryError> put(String destination, List<Record> entries) {
            PutRecordBatchResponse response = client.putRecordBatch(b -> b.deliveryStreamName(destination).records(entries));
            List<EntryError> results = new ArrayList<>(response.requestResponses().size());
            for (PutRecordBatchResponseEntry result : response.requestResponses()) {
                results.add(result.errorCode() == null ? null : new EntryError(result.errorCode(), result.errorMessage()));
            }
            return results;
        }
    }
}
