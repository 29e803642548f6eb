package com.clickstream.attribution.reconciler.raw;

import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.parquet.ByteArrayInputFile;
import com.clickstream.attribution.rawstore.parquet.RawParquetReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/** Decodes one fetched raw object: the part of {@link RawEventSource#read} that does not depend on where the bytes live. */
public final class RawObjectDecoder {

    private RawObjectDecoder() {
    }

    /**
     * Delivers every valid event of the object's bytes to {@code events} and returns the rows that were
     * not valid events.
     *
     * @throws UnreadableRawObjectException when the bytes are not a readable raw object of its type
     */
    public static List<RejectedRawRow> decode(RawObject object, byte[] bytes, Consumer<SpecificRecord> events)
            throws UnreadableRawObjectException {
        // Decoded in full before anything is delivered: a file that breaks half-way delivers nothing. One
        // pass (the events of one object are held until it is known to be readable).
        RawParquetReader<? extends SpecificRecord> reader = RawParquetReader.forType(object.type());
        ByteArrayInputFile file = new ByteArrayInputFile(bytes, object.key());
        List<SpecificRecord> decoded = new ArrayList<>();
        List<RejectedRawRow> rejected = new ArrayList<>();
        try {
            reader.read(file, decoded::add, row -> rejected.add(new RejectedRawRow(object.key(),
                    object.type().wireName(), row.row(), row.reason().code(), row.detail())));
        } catch (BadRawObjectException e) {
            throw new UnreadableRawObjectException(object.key(), e.reason().code(), e.getMessage(), e);
        }
        decoded.forEach(events);
        return rejected;
    }
}
