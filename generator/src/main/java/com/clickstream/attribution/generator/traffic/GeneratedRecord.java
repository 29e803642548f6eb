package com.clickstream.attribution.generator.traffic;

import com.clickstream.attribution.core.contract.RejectReason;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import java.time.Instant;

/**
 * One record the generator emits, in arrival order.
 *
 * @param record        the wire record (stream, partition key, JSON bytes)
 * @param kind          click, checkout, duplicate or malformed
 * @param eventId       the event id (null for malformed records whose id is unreadable)
 * @param eventTime     the event time the record claims (for malformed: of the event it was made from)
 * @param arrivalTime   when it is sent; later than eventTime by the injected delay
 * @param late          true when sent at least {@code lateDelayMin} after its event time
 * @param outOfOrder    true when it slipped behind later events by a small delay
 * @param rejectReason  for MALFORMED: the reason a validator must give; null otherwise
 */
public record GeneratedRecord(
        OutboundRecord record,
        RecordKind kind,
        String eventId,
        Instant eventTime,
        Instant arrivalTime,
        boolean late,
        boolean outOfOrder,
        RejectReason rejectReason) {
}
