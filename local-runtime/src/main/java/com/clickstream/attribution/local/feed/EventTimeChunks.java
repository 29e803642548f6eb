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
 * <p>The stream's watermark follows the slowest input (docs/streaming.md): each stream's is its latest
 * valid event time of earlier micro-batches minus the lateness, and the job's is the smaller of the
 * two; it does not move while a stream has read nothing. While chunk k is read it lies between
 * {@code W0} (that rule over the chunks before k) and {@code W1} (over the chunks up to k), depending
 * on batch boundaries and on the order in which shards are read. A chunk is cut before any record
 * that would make one of its events fall in {@code (W0, W1]}: every event is then either at or below
 * W0 (late for sure) or above W1 (in time for sure). Lines that are not valid events do not move the
 * watermark and go with the chunk they fall in.
 */
public final class EventTimeChunks {

    /** The chunks, and the ids of the valid events whose first copy the stream drops as later than the watermark. */
    public record Plan(List<List<OutboundRecord>> chunks, Set<String> lateEventIds) {
    }

    private static final long NONE = Long.MIN_VALUE;
    private static final int CLICKS = 0;
    private static final int CHECKOUTS = 1;

    private EventTimeChunks() {
    }

    public static Plan plan(List<OutboundRecord> records, Duration lateness) {
        long late = lateness.toMillis();
        EventParser parser = new EventParser();
        List<List<OutboundRecord>> chunks = new ArrayList<>();
        Set<String> lateIds = new HashSet<>();
        Set<String> seen = new HashSet<>();
        List<OutboundRecord> chunk = new ArrayList<>();
        long[] prevMax = {NONE, NONE};   // per stream: max event time of the chunks already cut
        long[] chunkMax = {NONE, NONE};  // per stream: max event time in this chunk
        long minInTime = Long.MAX_VALUE; // least event time in this chunk that must stay above the watermark
        for (OutboundRecord r : records) {
            boolean checkouts = EventType.CHECKOUT.stream().equals(r.stream());
            if (!(parser.parse(r.payload(), checkouts ? EventType.CHECKOUT : EventType.CLICK) instanceof ParseResult.Valid v)) {
                chunk.add(r);
                continue;
            }
            int stream = checkouts ? CHECKOUTS : CLICKS;
            long ts = v.eventTs().toEpochMilli();
            if (!fits(ts, stream, prevMax, chunkMax, minInTime, late)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                for (int s = 0; s < prevMax.length; s++) {
                    prevMax[s] = Math.max(prevMax[s], chunkMax[s]);
                    chunkMax[s] = NONE;
                }
                minInTime = Long.MAX_VALUE;
            }
            boolean first = seen.add(v.type() + "/" + v.eventId());
            long w0 = watermark(prevMax, late);
            if (w0 != NONE && ts <= w0) {
                if (first) {
                    lateIds.add(v.eventId()); // a late copy of an event already read changes nothing
                }
            } else {
                minInTime = Math.min(minInTime, ts);
            }
            chunkMax[stream] = Math.max(chunkMax[stream], ts);
            chunk.add(r);
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return new Plan(chunks, lateIds);
    }

    /** The job's watermark once each stream has read up to {@code max[s]}: none until both have read something. */
    private static long watermark(long[] max, long late) {
        long least = Math.min(max[CLICKS], max[CHECKOUTS]);
        return least == NONE ? NONE : least - late;
    }

    private static boolean fits(long ts, int stream, long[] prevMax, long[] chunkMax, long minInTime, long late) {
        long w0 = watermark(prevMax, late);
        if (w0 != NONE && ts <= w0) {
            return true; // late for sure; below its own stream's maximum, so it raises no watermark
        }
        long[] after = {Math.max(prevMax[CLICKS], chunkMax[CLICKS]), Math.max(prevMax[CHECKOUTS], chunkMax[CHECKOUTS])};
        after[stream] = Math.max(after[stream], ts);
        long w1 = watermark(after, late);
        return w1 == NONE || (ts > w1 && minInTime > w1);
    }
}
