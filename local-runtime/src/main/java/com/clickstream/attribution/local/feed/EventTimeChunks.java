package com.clickstream.attribution.local.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.generator.sink.OutboundRecord;

/**
 * Cuts a file's records (in file order) into chunks that are sent one at a time, each once the
 * streaming job has read the previous one, so that which events the stream drops as late is fixed
 * by the file and the lateness, not by how the records fall into micro-batches.
 *
 * <p>The stream's watermark is (latest valid event time of earlier micro-batches) - lateness. While
 * chunk k is read it lies between {@code W0 = max(chunks before k) - lateness} and
 * {@code W1 = max(chunks up to k) - lateness}, depending on batch boundaries and on the order in
 * which shards are read. A chunk is cut before any record that would make one of its events fall in
 * {@code (W0, W1]}: every event is then either at or below W0 (late for sure) or above W1 (in time
 * for sure). Lines that are not valid events do not move the watermark and go with the chunk they
 * fall in.
 */
public final class EventTimeChunks {

    /** The chunks, and the ids of the valid events whose first copy the stream drops as later than the watermark. */
    public record Plan(List<List<OutboundRecord>> chunks, Set<String> lateEventIds) {
    }

    private EventTimeChunks() {
    }

    public static Plan plan(List<OutboundRecord> records, Duration lateness) {
        long late = lateness.toMillis();
        EventParser parser = new EventParser();
        List<List<OutboundRecord>> chunks = new ArrayList<>();
        Set<String> lateIds = new HashSet<>();
        Set<String> seen = new HashSet<>();
        List<OutboundRecord> chunk = new ArrayList<>();
        long prevMax = Long.MIN_VALUE;   // max event time of the chunks already cut
        long chunkMax = Long.MIN_VALUE;  // max event time in this chunk
        long minInTime = Long.MAX_VALUE; // least event time in this chunk that must stay above the watermark
        for (OutboundRecord r : records) {
            EventType expected = EventType.CHECKOUT.stream().equals(r.stream()) ? EventType.CHECKOUT : EventType.CLICK;
            if (!(parser.parse(r.payload(), expected) instanceof ParseResult.Valid v)) {
                chunk.add(r);
                continue;
            }
            long ts = v.eventTs().toEpochMilli();
            if (!fits(ts, prevMax, chunkMax, minInTime, late)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                prevMax = Math.max(prevMax, chunkMax);
                chunkMax = Long.MIN_VALUE;
                minInTime = Long.MAX_VALUE;
            }
            boolean first = seen.add(v.type() + "/" + v.eventId());
            if (prevMax != Long.MIN_VALUE && ts <= prevMax - late) {
                if (first) {
                    lateIds.add(v.eventId()); // a late copy of an event already read changes nothing
                }
            } else {
                minInTime = Math.min(minInTime, ts);
            }
            chunkMax = Math.max(chunkMax, ts);
            chunk.add(r);
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return new Plan(chunks, lateIds);
    }

    private static boolean fits(long ts, long prevMax, long chunkMax, long minInTime, long late) {
        long w0 = prevMax == Long.MIN_VALUE ? Long.MIN_VALUE : prevMax - late;
        if (ts <= w0) {
            return true; // late for sure; does not raise the chunk's maximum above the earlier one
        }
        long w1 = Math.max(Math.max(prevMax, chunkMax), ts) - late;
        return ts > w1 && minInTime > w1;
    }
}
