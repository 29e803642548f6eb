package com.clickstream.attribution.rawlanding.buffer;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawPartition;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The open buffers of one shard: each record is validated (expected type = the stream's, judged at
 * its arrival time) and goes to the buffer of its ARRIVAL hour, valid events and rejected records
 * apart. {@link #render()} turns every buffer into an object named
 * {@code <shardId>-<first sequence>-<last sequence>}: the same records always give the same name,
 * so writing them again overwrites instead of duplicating. Not thread-safe: one per shard thread.
 */
public final class ShardBuffers {

    private record BufferKey(boolean errors, RawPartition partition) {
    }

    private final String stream;
    private final String shardId;
    private final EventType type;
    private final ArrivalClock arrivalClock = new ArrivalClock();
    private final EventParser parser;
    private final RawParquetWriter writer;
    private final Clock wallClock;
    private final LongSupplier nanoTime;
    private final Map<BufferKey, LandingBuffer> buffers = new LinkedHashMap<>();
    private long bytes;
    private int records;

    public ShardBuffers(String stream, String shardId, EventType type, ValidationPolicy policy, Clock wallClock,
            LongSupplier nanoTime) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.type = Objects.requireNonNull(type, "type");
        this.parser = new EventParser(policy, arrivalClock);
        this.writer = new RawParquetWriter(type);
        this.wallClock = wallClock;
        this.nanoTime = nanoTime;
    }

    /** Validates one Kinesis record and buffers it; returns whether it was valid. */
    public boolean add(Record record) {
        Instant arrival = record.approximateArrivalTimestamp();
        if (arrival == null) { // Kinesis always sets it; an emulator might not: land by processing time then
            arrival = wallClock.instant();
        }
        byte[] payload = record.data().asByteArrayUnsafe();
        arrivalClock.set(arrival);
        ParseResult result = parser.parse(payload, type);
        RawPartition hour = RawPartition.of(type, arrival);
        boolean valid = result instanceof ParseResult.Valid;
        LandingBuffer buffer = buffers.computeIfAbsent(new BufferKey(!valid, hour),
                k -> new LandingBuffer(k.errors(), k.partition(), nanoTime.getAsLong()));
        if (result instanceof ParseResult.Valid v) {
            buffer.addEvent(v.event(), record.sequenceNumber(), payload.length);
        } else {
            ParseResult.Rejected r = (ParseResult.Rejected) result;
            buffer.addError(ErrorRecord.toJsonLine(r.reason(), r.detail(), payload, arrival, wallClock.instant(),
                    stream, shardId, record.sequenceNumber(), record.partitionKey()), record.sequenceNumber(),
                    payload.length);
        }
        bytes += payload.length;
        records++;
        return valid;
    }

    public boolean isEmpty() {
        return buffers.isEmpty();
    }

    /** Payload bytes of all buffered records (what the size trigger compares). */
    public long bytes() {
        return bytes;
    }

    public int records() {
        return records;
    }

    /** Nanoseconds since the oldest open buffer was opened; 0 when empty. */
    public long oldestAgeNanos() {
        long now = nanoTime.getAsLong();
        return buffers.values().stream().mapToLong(b -> now - b.openedNanos()).max().orElse(0);
    }

    /** Every buffer as an object to write (raw Parquet first, then error lines), in opening order. */
    public List<PendingObject> render() {
        List<PendingObject> objects = new ArrayList<>();
        for (LandingBuffer b : buffers.values()) {
            String name = shardId + "-" + b.firstSequence() + "-" + b.lastSequence();
            Instant hour = b.partition().start();
            if (b.errors()) {
                objects.add(new PendingObject(RawLayout.errorKey(type, hour, name + ".jsonl"), b.errorBytes(), true,
                        b.records()));
            } else {
                objects.add(new PendingObject(RawLayout.objectKey(type, hour, name), writer.write(b.events()), false,
                        b.records()));
            }
        }
        objects.sort((a, b) -> Boolean.compare(a.errors(), b.errors()));
        return objects;
    }

    public void clear() {
        buffers.clear();
        bytes = 0;
        records = 0;
    }
}
