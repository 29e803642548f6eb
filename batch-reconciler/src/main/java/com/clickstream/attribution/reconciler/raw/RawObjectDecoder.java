package com.clickstream.attribution.reconciler.raw;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.parquet.ByteArrayInputFile;
import com.clickstream.attribution.rawstore.parquet.RawParquetReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes one fetched raw object: the part of {@link RawEventSource#read} that does not depend on where
 * the bytes live.
 *
 * <p>Every decoded row is checked against the event contract ({@link EventParser#validate}), as the
 * stream and the raw landing check every record: Firehose converts records to Parquet without those
 * checks, so a row with a negative amount, a total that does not add up, an event time out of bounds,
 * an oversized string, a NUL ... would otherwise be reconciled as a checkout the stream rejected. A row
 * is judged at the latest time it can have arrived: the end of its object's arrival hour plus
 * {@link #ARRIVAL_SLACK} (Firehose names an object by its oldest record's arrival and buffers up to 900 s),
 * so no row valid on arrival is rejected as in the future; a row's arrival is known only to that
 * window, so a time a few minutes past the allowed skew of its actual arrival can pass.
 */
public final class RawObjectDecoder {

    /** Firehose's longest buffering interval (900 s): how long after its hour a record of an object may arrive. */
    public static final Duration ARRIVAL_SLACK = Duration.ofMinutes(15);

    private static final EventParser CONTRACT = new EventParser(); // default policy, as the stream

    private RawObjectDecoder() {
    }

    /** When the rows of {@code object} are judged: the end of its arrival hour plus {@link #ARRIVAL_SLACK}. */
    public static Instant judgedAt(RawObject object) {
        return object.arrivalHour().plus(Duration.ofHours(1)).plus(ARRIVAL_SLACK);
    }

    /**
     * Delivers every valid event of the object's bytes to {@code events} and returns the rows that were
     * not valid events (unreadable as the contract's types, or breaking its rules).
     *
     * @throws UnreadableRawObjectException when the bytes are not a readable raw object of its type
     */
    public static List<RejectedRawRow> decode(RawObject object, byte[] bytes, Consumer<SpecificRecord> events)
            throws UnreadableRawObjectException {
        // Decoded in full before anything is delivered: a file that breaks half-way delivers nothing. One
        // pass (the events of one object are held until it is known to be readable).
        RawParquetReader<? extends SpecificRecord> reader = RawParquetReader.forType(object.type());
        ByteArrayInputFile file = new ByteArrayInputFile(bytes, object.key());
        Instant judgedAt = judgedAt(object);
        List<SpecificRecord> decoded = new ArrayList<>();
        List<RejectedRawRow> rejected = new ArrayList<>();
        long[] nextRow = {0}; // the reader hands over every row, in order, to one of the two consumers
        try {
            reader.read(file, event -> {
                long row = nextRow[0]++;
                if (CONTRACT.validate(event, object.type(), judgedAt) instanceof ParseResult.Rejected r) {
                    rejected.add(new RejectedRawRow(object.key(), object.type().wireName(), row, r.reason().code(),
                            "row " + row + ": " + r.detail()));
                } else {
                    decoded.add(event);
                }
            }, row -> {
                nextRow[0] = row.row() + 1;
                rejected.add(new RejectedRawRow(object.key(), object.type().wireName(), row.row(),
                        row.reason().code(), row.detail()));
            });
        } catch (BadRawObjectException e) {
            throw new UnreadableRawObjectException(object.key(), e.reason().code(), e.getMessage(), e);
        }
        decoded.forEach(events);
        return rejected;
    }
}
