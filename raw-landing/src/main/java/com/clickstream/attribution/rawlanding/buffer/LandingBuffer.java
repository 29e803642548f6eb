package com.clickstream.attribution.rawlanding.buffer;

import com.clickstream.attribution.rawstore.RawPartition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The records of ONE shard for ONE object: valid events of one arrival hour, or the rejected records
 * of one arrival hour. Knows its first and last sequence numbers, which name the object.
 */
final class LandingBuffer {

    private final boolean errors;
    private final RawPartition partition;
    private final long openedNanos;
    private final List<SpecificRecord> events = new ArrayList<>();
    private final ByteArrayOutputStream errorLines = new ByteArrayOutputStream();
    private String firstSequence;
    private String lastSequence;
    private int records;
    private long bytes;

    LandingBuffer(boolean errors, RawPartition partition, long openedNanos) {
        this.errors = errors;
        this.partition = partition;
        this.openedNanos = openedNanos;
    }

    void addEvent(SpecificRecord event, String sequence, int payloadBytes) {
        events.add(event);
        count(sequence, payloadBytes);
    }

    void addError(String jsonLine, String sequence, int payloadBytes) {
        errorLines.writeBytes(jsonLine.getBytes(StandardCharsets.UTF_8));
        count(sequence, payloadBytes);
    }

    private void count(String sequence, int payloadBytes) {
        if (firstSequence == null) {
            firstSequence = sequence;
        }
        lastSequence = sequence;
        records++;
        bytes += payloadBytes;
    }

    boolean errors() {
        return errors;
    }

    RawPartition partition() {
        return partition;
    }

    long openedNanos() {
        return openedNanos;
    }

    List<SpecificRecord> events() {
        return events;
    }

    byte[] errorBytes() {
        return errorLines.toByteArray();
    }

    String firstSequence() {
        return firstSequence;
    }

    String lastSequence() {
        return lastSequence;
    }

    int records() {
        return records;
    }

    long bytes() {
        return bytes;
    }
}
