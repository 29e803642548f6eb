package com.clickstream.attribution.reconciler.bench;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawPartition;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lands events by arrival hour like Firehose with a size buffer: one object per partition every
 * {@code maxRows} events, without keeping the history in memory (for millions of events).
 */
final class StreamingRawLander {

    private final S3Client s3;
    private final String bucket;
    private final int maxRows;
    private final Map<String, List<SpecificRecord>> buffers = new HashMap<>();
    private final Map<String, Instant> arrivals = new HashMap<>();
    private int objects;
    private long bytes;

    StreamingRawLander(S3Client s3, String bucket, int maxRows) {
        this.s3 = s3;
        this.bucket = bucket;
        this.maxRows = maxRows;
    }

    void land(SpecificRecord event, Instant arrival) {
        EventType type = event instanceof Click ? EventType.CLICK : EventType.CHECKOUT;
        String prefix = RawPartition.of(type, arrival).prefix();
        List<SpecificRecord> buffer = buffers.computeIfAbsent(prefix, p -> new ArrayList<>());
        arrivals.putIfAbsent(prefix, arrival);
        buffer.add(event);
        if (buffer.size() >= maxRows) {
            write(prefix, type);
        }
    }

    void flush() {
        for (String prefix : List.copyOf(buffers.keySet())) {
            if (!buffers.get(prefix).isEmpty()) {
                write(prefix, buffers.get(prefix).get(0) instanceof Click ? EventType.CLICK : EventType.CHECKOUT);
            }
        }
    }

    int objects() {
        return objects;
    }

    long bytes() {
        return bytes;
    }

    private void write(String prefix, EventType type) {
        List<SpecificRecord> buffer = buffers.get(prefix);
        byte[] file = new RawParquetWriter(type).write(buffer);
        String key = RawLayout.objectKey(type, arrivals.get(prefix), String.format("bench-%06d", objects++));
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(file));
        bytes += file.length;
        buffer.clear();
    }
}
