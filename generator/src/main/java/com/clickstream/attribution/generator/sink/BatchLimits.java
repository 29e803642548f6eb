package com.clickstream.attribution.generator.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Size limits of one batch-put call, and the split of a record list into calls that respect them.
 *
 * @param maxRecords      records per call
 * @param maxCallBytes    bytes per call (sum of the record sizes as the service counts them)
 * @param maxRecordBytes  bytes per record
 */
public record BatchLimits(int maxRecords, long maxCallBytes, long maxRecordBytes) {

    /** Kinesis PutRecords: 500 records, 5 MiB per call, 1 MiB per record; partition keys count toward both. */
    public static final BatchLimits KINESIS_PUT_RECORDS = new BatchLimits(500, 5L * 1024 * 1024, 1024L * 1024);

    /** Firehose PutRecordBatch: 500 records, 4 MiB per call, 1,000 KiB per record (data blob). */
    public static final BatchLimits FIREHOSE_PUT_RECORD_BATCH = new BatchLimits(500, 4L * 1024 * 1024, 1000L * 1024);

    public BatchLimits {
        if (maxRecords < 1 || maxCallBytes < 1 || maxRecordBytes < 1 || maxRecordBytes > maxCallBytes) {
            throw new IllegalArgumentException("invalid limits " + maxRecords + "/" + maxCallBytes + "/" + maxRecordBytes);
        }
    }

    /**
     * Splits {@code items} greedily, keeping their order, into consecutive chunks that each stay
     * within {@link #maxRecords} and {@link #maxCallBytes}.
     *
     * @throws IllegalArgumentException if an item alone exceeds {@link #maxRecordBytes}
     */
    public <T> List<List<T>> split(List<T> items, ToLongFunction<T> sizeOf) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long currentBytes = 0;
        for (T item : items) {
            long size = sizeOf.applyAsLong(item);
            if (size > maxRecordBytes) {
                throw new IllegalArgumentException("record of " + size + " bytes exceeds the limit of " + maxRecordBytes);
            }
            if (!current.isEmpty() && (current.size() == maxRecords || currentBytes + size > maxCallBytes)) {
                chunks.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(item);
            currentBytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}
