package com.clickstream.attribution.generator.sink;

import com.clickstream.attribution.support.aws.AwsErrors;
import java.util.List;

/**
 * What a batch-put sink plugs into {@link BatchRetrier}: how to name, size, build and send its
 * entries. One implementation per service (Kinesis PutRecords, Firehose PutRecordBatch).
 *
 * @param <E> the SDK's request entry type
 */
interface BatchTarget<E> {

    /** Service name for messages: "Kinesis", "Firehose". */
    String service();

    BatchLimits limits();

    /** The actual stream for a logical one, or {@code null} if none is configured. */
    String destination(String logicalStream);

    /** Why the record can never be accepted (besides its size), or {@code null}. */
    String invalid(OutboundRecord record);

    /** Bytes the service counts for this record toward its per-record and per-call limits. */
    long size(OutboundRecord record);

    E entry(OutboundRecord record);

    /**
     * One API call with these entries. Returns one element per entry, in order: {@code null} if the
     * entry was accepted, else its error. Throws whatever the SDK throws for a failed call.
     */
    List<EntryError> put(String destination, List<E> entries);

    default boolean retryableCall(RuntimeException e) {
        return AwsErrors.retryableCall(e);
    }

    default boolean retryableEntry(String errorCode) {
        return AwsErrors.retryableEntryCode(errorCode);
    }

    /** A rejected entry: the service's ErrorCode and ErrorMessage. */
    record EntryError(String code, String message) {
        @Override
        public String toString() {
            return code + ": " + message;
        }
    }
}
