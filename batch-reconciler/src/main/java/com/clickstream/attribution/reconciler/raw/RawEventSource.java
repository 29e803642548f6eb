package com.clickstream.attribution.reconciler.raw;

import com.clickstream.attribution.core.contract.EventType;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Raw events by arrival time: the reconciler's only view of the raw landing zone.
 *
 * <p>Raw events are partitioned by ARRIVAL hour ({@code raw/<event_type>/dt=YYYY-MM-DD/hour=HH/}),
 * so an event that arrived late sits in a later partition than its event time. The reconciler lists
 * every partition from the start of what it needs up to "now" and filters by event time itself.
 */
public interface RawEventSource {

    /**
     * The objects of {@code type} in arrival-hour partitions that overlap {@code [arrivalFrom, arrivalUntil)},
     * in key order, plus keys and folders that could not be parsed as a partition.
     */
    RawListing list(EventType type, Instant arrivalFrom, Instant arrivalUntil);

    /**
     * Reads every valid event of {@code object} into {@code events} ({@code Click} or {@code Checkout})
     * and returns the rows that were not valid events. Either the whole object is delivered or, before
     * any event is delivered, it fails.
     *
     * @throws UnreadableRawObjectException when the object is corrupt, empty, of an unexpected
     *                                      schema, or cannot be fetched
     */
    default List<RejectedRawRow> read(RawObject object, Consumer<SpecificRecord> events)
            throws UnreadableRawObjectException {
        return RawObjectDecoder.decode(object, fetch(object), events);
    }

    /**
     * The bytes of {@code object}, for engines that decode them their own way (validation rules stay in
     * {@link RawObjectDecoder}).
     *
     * @throws UnreadableRawObjectException when the store refuses the object ({@code read_failed})
     * @throws RawStoreUnavailableException when the store cannot be reached (nothing is wrong with the object)
     */
    byte[] fetch(RawObject object) throws UnreadableRawObjectException;
}
