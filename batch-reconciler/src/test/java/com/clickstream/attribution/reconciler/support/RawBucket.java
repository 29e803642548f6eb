package com.clickstream.attribution.reconciler.support;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawPartition;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lands events in S3 the way the raw landing (Firehose) does: Parquet written by raw-store's writer,
 * under the arrival-hour partition of each event's ARRIVAL time. Every event also stays in
 * {@link #all()}, the complete raw history the expected answers are computed from.
 */
public final class RawBucket {

    /** One event and when it arrived. */
    public record Arrived(SpecificRecord event, Instant arrival) {
    }

    private final S3Client s3;
    private final String bucket;
    private final List<SpecificRecord> all = new ArrayList<>();
    private final List<Arrived> pending = new ArrayList<>();
    private int objects;

    private RawBucket(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The bucket, created if missing and emptied. */
    public static RawBucket emptied(S3Client s3, String bucket) {
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
                .forEach(o -> s3.deleteObject(b -> b.bucket(bucket).key(o.key())));
        return new RawBucket(s3, bucket);
    }

    /** Queues an event arriving at {@code arrival}; {@link #flush()} writes the queued ones. */
    public RawBucket arrives(SpecificRecord event, Instant arrival) {
        pending.add(new Arrived(event, arrival));
        all.add(event);
        return this;
    }

    /** Writes the queued events: one object per type and arrival hour. */
    public RawBucket flush() {
        Map<String, List<SpecificRecord>> byPartition = new TreeMap<>();
        Map<String, Instant> arrivalOf = new TreeMap<>();
        for (Arrived a : pending) {
            EventType type = a.event() instanceof Click ? EventType.CLICK : EventType.CHECKOUT;
            String prefix = RawPartition.of(type, a.arrival()).prefix();
            byPartition.computeIfAbsent(prefix, p -> new ArrayList<>()).add(a.event());
            arrivalOf.putIfAbsent(prefix, a.arrival());
        }
        for (Map.Entry<String, List<SpecificRecord>> p : byPartition.entrySet()) {
            EventType type = p.getValue().get(0) instanceof Click ? EventType.CLICK : EventType.CHECKOUT;
            String key = RawLayout.objectKey(type, arrivalOf.get(p.getKey()), String.format("part-%05d", objects++));
            put(key, new RawParquetWriter(type).write(p.getValue()));
        }
        pending.clear();
        return this;
    }

    public void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /** Every event landed so far (copies included): the raw history. */
    public List<SpecificRecord> all() {
        return List.copyOf(all);
    }

    public String name() {
        return bucket;
    }
}
